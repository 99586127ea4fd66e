/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna) seeded through splitmix32.
 * Only 32-bit integer operations (Math.imul, shifts) produce the stream, so `next()` is bit-identical on every
 * machine; `normal()` uses Math.log/Math.sqrt/Math.cos, which V8 implements identically on every platform.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** @param seed any finite number; its low 32 bits (and the integer part) choose the stream. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Random: seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) | 0) >>> 0;
    const splitmix = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A new independent stream derived from this seed and a salt (e.g. one stream for shuffling, one for dropout). */
  static derive(seed: number, salt: string): Random {
    let h = (Math.trunc(seed) | 0) ^ 0x811c9dc5;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
    return new Random(h);
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1), with 32 random bits. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal N(0, 1) by Box–Muller (the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const u1 = 1 - this.next(); // (0, 1]: log stays finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const phi = 2 * Math.PI * u2;
    this.spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  }

  /** A uniform integer in 0..n-1 (n ≤ 2³²). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296)
      throw new RangeError(`Random.int: n must be 1..2^32, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle(a: Uint32Array): Uint32Array {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
