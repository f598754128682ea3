/* libtorch links Intel MKL statically. On AMD processors MKL's dispatcher ignores AVX-512 (and on some
 * versions AVX2) because it asks mkl_serv_intel_cpu_true() whether the CPU is Intel. Loading this library
 * with RTLD_GLOBAL before libtorch puts this definition first in libtorch's symbol lookup, so MKL picks the
 * code path the CPU actually supports (a well-known workaround; results are verified by verify-model).
 * The server loads it only on x86-64 AMD processors, and never when INTERP_LSP_MKL_SHIM=0. */
int mkl_serv_intel_cpu_true(void) { return 1; }
