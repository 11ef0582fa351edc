/** A function with three branches for the BlockCoverage test (its own module, so only it is watched). */
export function classify(n: number): string {
  if (n > 0) {
    return 'positive';
  }
  if (n < 0) {
    return 'negative';
  }
  return 'zero';
}
