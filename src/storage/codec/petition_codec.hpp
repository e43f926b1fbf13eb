// The stored form of a petition: every field as one JSON document (the backends also keep indexed columns
// for filtering). Shared by all storage backends so that they store byte-identical documents.
#pragma once

#include <string>

#include "base/error.hpp"
#include "domain/petition.hpp"

namespace xf::storage {

std::string EncodePetition(const Petition& p);
Result<Petition> DecodePetition(std::string_view json);

}  // namespace xf::storage
