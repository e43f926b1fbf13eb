# shellcheck shell=bash disable=SC2034  # sourced; XF_SYMBOLIZER_OPTION is read by the caller
# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: the symbolizer the sanitizer runtimes use, named explicitly.
# Debian's clang-16 runtime looks for llvm-symbolizer-16, which only the llvm-16 package installs; without it every
# process whose report or leak suppression needs a symbol writes "WARNING: invalid path to external symbolizer!"
# into its log (292 such logs on a machine without llvm-16, each counted as a sanitizer report). Any llvm-symbolizer
# reads clang-16's DWARF; the unversioned one comes with the llvm package (clang-tools depends on it).
XF_SYMBOLIZER=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
if [ -n "$XF_SYMBOLIZER" ]; then
  export ASAN_SYMBOLIZER_PATH="$XF_SYMBOLIZER" UBSAN_SYMBOLIZER_PATH="$XF_SYMBOLIZER"
  XF_SYMBOLIZER_OPTION="external_symbolizer_path=$XF_SYMBOLIZER:"
else
  XF_SYMBOLIZER_OPTION=""  # none installed: reports come unsymbolized, as before
fi
