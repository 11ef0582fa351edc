#include "bench_clock.h"

#include <windows.h>

long long clock_ns(void) {
  static double scale;
  if (scale == 0) {
    LARGE_INTEGER frequency;
    QueryPerformanceFrequency(&frequency);
    scale = 1e9 / (double)frequency.QuadPart;
  }
  LARGE_INTEGER counter;
  QueryPerformanceCounter(&counter);
  return (long long)((double)counter.QuadPart * scale);
}
