// Shim for libLibTorchSharp.so built against GCC 13's libstdc++ (GLIBCXX_3.4.32) on systems that ship an
// older libstdc++ (Debian 12: up to 3.4.30). The only 3.4.32 symbol it uses is std::ios_base_library_init(),
// which GCC 13 emits to initialise the standard streams; constructing ios_base::Init does the same thing.
#include <ios>
namespace std {
void ios_base_library_init() { static ios_base::Init init; }
}
