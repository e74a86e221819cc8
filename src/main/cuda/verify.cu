// Fill and check kernels for ncclkit perf. Inputs are built so that every collective's result is exact in the
// element type whatever order NCCL reduces in (ring, tree, NVLS, wider accumulators), and results are compared with
// the expected values bit for bit on the GPU. Compiled by build-kernels.sh to a fatbin (machine code) and PTX; both ship in the jar.
// Every kernel parameter is 8 bytes wide (pointers and 64-bit integers), which is what CudaDriver.launch passes.
//
// TWIN: the formulas below (inputBits, expectedBits and what they call) have a Java twin,
// src/test/java/org/ncclkit/verify/VerifyFormula.java, written function for function in the same order with the
// same names and constants, which the CPU property test (ExactVerificationPropertyTest) proves equal to a model of
// NCCL's reductions in every element type. Change both together.
//
// The construction, per element index i (see docs/commands/perf.md, "How results are checked"):
// - copies (no reduction): every rank's element is 64 hashed bits of (seed, rank, i) cut to the element width, so a
//   misrouted or stale element differs with probability 1 - 2^-width; floating types get a +-0 at 1/16 of indices.
// - reductions: a window of k "active" ranks, starting at a hashed rank, holds hashed values at i; every other rank
//   holds the operation's identity (-0 for sums, 1 for products, the lowest/highest value for max/min). Floating
//   sums use integers times 2^e (one hashed e per index) whose sum never needs more bits than the type has, so
//   every partial sum in any order is exact; floating avg (NCCL: premultiply by 1/n, then sum) has one active rank
//   holding +-2^a, so each premultiplied term is exact; products use powers of two and one small mantissa.
//   Floating types get a +-0 result at 1/64 of indices (all active values zero), so the sign of zero is checked.
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <cuda_fp8.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define HD __host__ __device__ __forceinline__

// Verification operations: org.ncclkit.collective.RedOp's ordinals, and COPY for collectives that only move data.
#define OP_SUM 0
#define OP_PROD 1
#define OP_MAX 2
#define OP_MIN 3
#define OP_AVG 4
#define OP_MULSUM 5
#define OP_COPY 6

// What the check kernel compares a region with: the collective's result, or the poison bytes (0xFF) that PerfEngine
// writes before each check, for regions that NCCL must not write (receive buffers of non-root ranks).
#define SOURCE_REDUCTION -1
#define SOURCE_UNTOUCHED -2
#define POISON_BYTE 0xFFull

HD uint64_t mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Per index: which ranks are active (low 32 bits), the scale exponent (high 32 bits), forced zeros (top 6 bits).
HD uint64_t indexHash(uint64_t seed, int64_t index) { return mix64(mix64(seed) ^ (uint64_t)index); }
HD uint64_t slotHash(uint64_t indexHash, int64_t slot) { return mix64(indexHash + (uint64_t)(slot + 1) * 0xD1B54A32D192ED03ull); }
HD uint64_t copyHash(uint64_t seed, int64_t rank, int64_t index) { return mix64(mix64(mix64(seed) ^ (uint64_t)rank) ^ (uint64_t)index); }
HD bool forcedZero(uint64_t hash) { return (hash >> 58) == 0; }
HD int64_t windowStart(uint64_t indexHash, int64_t ranks) { return (int64_t)((indexHash & 0xFFFFFFFFull) % (uint64_t)ranks); }
HD int64_t ceilLog2(int64_t n) { int64_t k = 0; while ((1ll << k) < n) k++; return k; }
// A hashed integer in [lo, hi].
HD int64_t hashedIn(uint64_t hash, int64_t lo, int64_t hi) { return lo + (int64_t)(hash % (uint64_t)(hi - lo + 1)); }

// An element type as the formulas see it: its width, and for floating types the significand bits (with the
// implicit one), the normal exponent range, and how many ranks are active in sums and products.
struct Format {
    int bits;
    bool floating;
    bool isSigned;
    int precision;
    int minExponent;
    int maxExponent;
    bool hasInfinity;
    int sumActive;
    int prodActive;
    int prodExponent;   // products: each active factor is 2^c, c in [-prodExponent, prodExponent]
    int prodMantissa;   // ... and the first one carries a mantissa in [1, 2^prodMantissa - 1]
};

HD uint64_t widthMask(const Format& f) { return f.bits == 64 ? ~0ull : (1ull << f.bits) - 1; }
HD uint64_t signBit(const Format& f) { return 1ull << (f.bits - 1); }

// The element types; each knows its format and its exact conversions between raw bits and double.
struct Int8T { typedef uint8_t Storage; static HD Format format() { return {8, false, true, 0, 0, 0, false, 8, 8, 0, 0}; } };
struct Uint8T { typedef uint8_t Storage; static HD Format format() { return {8, false, false, 0, 0, 0, false, 8, 8, 0, 0}; } };
struct Int32T { typedef uint32_t Storage; static HD Format format() { return {32, false, true, 0, 0, 0, false, 8, 8, 0, 0}; } };
struct Uint32T { typedef uint32_t Storage; static HD Format format() { return {32, false, false, 0, 0, 0, false, 8, 8, 0, 0}; } };
struct Int64T { typedef uint64_t Storage; static HD Format format() { return {64, false, true, 0, 0, 0, false, 8, 8, 0, 0}; } };
struct Uint64T { typedef uint64_t Storage; static HD Format format() { return {64, false, false, 0, 0, 0, false, 8, 8, 0, 0}; } };

struct HalfT {
    typedef uint16_t Storage;
    static HD Format format() { return {16, true, true, 11, -14, 15, true, 8, 3, 3, 4}; }
    static HD uint64_t fromDouble(double v) { return __half_as_ushort(__double2half(v)); }
    static HD double toDouble(uint64_t b) { return __half2float(__ushort_as_half((unsigned short)b)); }
    static HD uint64_t avgScalar(int64_t n) { return __half_as_ushort(__float2half((float)(1.0 / n))); }
};
struct FloatT {
    typedef uint32_t Storage;
    static HD Format format() { return {32, true, true, 24, -126, 127, true, 16, 8, 13, 16}; }
    static HD uint64_t fromDouble(double v) { float f = (float)v; uint32_t b; memcpy(&b, &f, 4); return b; }
    static HD double toDouble(uint64_t b) { uint32_t u = (uint32_t)b; float f; memcpy(&f, &u, 4); return f; }
    static HD uint64_t avgScalar(int64_t n) { return fromDouble((float)(1.0 / n)); }
};
struct DoubleT {
    typedef uint64_t Storage;
    static HD Format format() { return {64, true, true, 53, -1022, 1023, true, 16, 8, 120, 32}; }
    static HD uint64_t fromDouble(double v) { uint64_t b; memcpy(&b, &v, 8); return b; }
    static HD double toDouble(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
    static HD uint64_t avgScalar(int64_t n) { return fromDouble(1.0 / n); }
};
struct Bfloat16T {
    typedef uint16_t Storage;
    static HD Format format() { return {16, true, true, 8, -126, 127, true, 4, 8, 14, 8}; }
    static HD uint64_t fromDouble(double v) { return __bfloat16_as_ushort(__double2bfloat16(v)); }
    static HD double toDouble(uint64_t b) { return __bfloat162float(__ushort_as_bfloat16((unsigned short)b)); }
    static HD uint64_t avgScalar(int64_t n) { return __bfloat16_as_ushort(__float2bfloat16((float)(1.0 / n))); }
};
struct F8e4m3T {
    typedef uint8_t Storage;
    static HD Format format() { return {8, true, true, 4, -6, 8, false, 2, 2, 3, 2}; }
    static HD uint64_t fromDouble(double v) { return __nv_cvt_double_to_fp8(v, __NV_SATFINITE, __NV_E4M3); }
    static HD double toDouble(uint64_t b) {
        return __half2float(__half(__nv_cvt_fp8_to_halfraw((__nv_fp8_storage_t)b, __NV_E4M3)));
    }
    static HD uint64_t avgScalar(int64_t n) { return __nv_cvt_float_to_fp8((float)(1.0 / n), __NV_SATFINITE, __NV_E4M3); }
};
struct F8e5m2T {
    typedef uint8_t Storage;
    static HD Format format() { return {8, true, true, 3, -14, 15, true, 2, 4, 3, 3}; }
    static HD uint64_t fromDouble(double v) { return __nv_cvt_double_to_fp8(v, __NV_SATFINITE, __NV_E5M2); }
    static HD double toDouble(uint64_t b) {
        return __half2float(__half(__nv_cvt_fp8_to_halfraw((__nv_fp8_storage_t)b, __NV_E5M2)));
    }
    static HD uint64_t avgScalar(int64_t n) { return __nv_cvt_float_to_fp8((float)(1.0 / n), __NV_SATFINITE, __NV_E5M2); }
};
// Integer types never convert through double; these keep the templates below uniform.
#define NO_DOUBLE(T) \
    template <> struct Doubles<T> { static HD uint64_t fromDouble(double) { return 0; } static HD double toDouble(uint64_t) { return 0; } static HD uint64_t avgScalar(int64_t) { return 0; } };
template <typename T> struct Doubles : T {};
NO_DOUBLE(Int8T) NO_DOUBLE(Uint8T) NO_DOUBLE(Int32T) NO_DOUBLE(Uint32T) NO_DOUBLE(Int64T) NO_DOUBLE(Uint64T)

// How many ranks hold a value at each index (the rest hold the identity).
HD int64_t activeRanks(const Format& f, int64_t op, int64_t ranks) {
    int64_t k = op == OP_PROD ? f.prodActive : (op == OP_AVG && f.floating) ? 1 : f.sumActive;
    return k < ranks ? k : ranks;
}

// The element every inactive rank holds: the identity of the operation.
template <typename T>
HD uint64_t identityBits(int64_t op) {
    Format f = T::format();
    uint64_t mask = widthMask(f);
    switch (op) {
        case OP_PROD: return f.floating ? Doubles<T>::fromDouble(1.0) : 1;
        case OP_MAX:
            if (f.floating) return f.hasInfinity ? Doubles<T>::fromDouble(-INFINITY) : Doubles<T>::fromDouble(-448.0);
            return f.isSigned ? signBit(f) : 0;
        case OP_MIN:
            if (f.floating) return f.hasInfinity ? Doubles<T>::fromDouble(INFINITY) : Doubles<T>::fromDouble(448.0);
            return f.isSigned ? mask >> 1 : mask;
        default: return f.floating ? signBit(f) : 0; // -0 for floating sums: x + -0 == x for every x, +0 included
    }
}

// Hashed bits that are a number: NaNs get the top bit of their exponent cleared, -0 becomes +0 (so that max and
// min never see both zeros, where fmax may return either). An fp8 infinity becomes the largest finite value of its
// sign: NCCL takes fp8 max and min in half and converts back saturating, so an infinity would come back finite.
HD uint64_t orderedBits(const Format& f, uint64_t bits) {
    uint64_t mask = widthMask(f);
    bits &= mask;
    if (!f.floating) return bits;
    uint64_t magnitude = bits & (mask >> 1);
    uint64_t infinity = ((mask >> 1) >> (f.precision - 1)) << (f.precision - 1);
    bool nan = f.hasInfinity ? magnitude > infinity : magnitude == (mask >> 1);
    if (nan) bits ^= 1ull << (f.bits - 2);
    else if (f.bits == 8 && f.hasInfinity && magnitude == infinity) bits -= 1;
    return bits == signBit(f) ? 0 : bits;
}

// The value of active slot `slot` at an index.
template <typename T>
HD uint64_t slotBits(int64_t op, uint64_t ih, int64_t slot, int64_t ranks) {
    Format f = T::format();
    uint64_t h = slotHash(ih, slot);
    bool zero = forcedZero(ih);
    if (op == OP_MAX || op == OP_MIN) return zero && f.floating ? 0 : orderedBits(f, h);
    if (!f.floating) return op == OP_PROD ? (h | 1) & widthMask(f) : h & widthMask(f);
    double sign = (h >> 63) ? -1.0 : 1.0;
    if (op == OP_PROD) {
        int64_t mantissa = slot == 0 ? hashedIn(h >> 8, 1, (1ll << f.prodMantissa) - 1) : 1;
        int64_t exponent = hashedIn(h >> 40, -f.prodExponent, f.prodExponent);
        return Doubles<T>::fromDouble(zero && slot == 0 ? sign * 0.0 : sign * ldexp((double)mantissa, (int)exponent));
    }
    if (op == OP_AVG) {
        // 1/n rounded is at least 2^-ceil(log2 n), so x * scalar stays a normal number: exact, and no flush to zero
        int64_t exponent = hashedIn(h >> 8, f.minExponent + ceilLog2(ranks), f.maxExponent);
        return Doubles<T>::fromDouble(zero ? sign * 0.0 : sign * ldexp(1.0, (int)exponent));
    }
    // sums: integers in [-c, c] times 2^e, with k * c * 2 (the largest PreMulSum scalar) = 2^precision
    int64_t c = (1ll << (f.precision - 1)) / f.sumActive;
    int64_t value = hashedIn(h >> 8, -c, c);
    int64_t e = hashedIn(ih >> 32, f.minExponent, f.maxExponent - f.precision);
    return Doubles<T>::fromDouble(zero || value == 0 ? sign * 0.0 : ldexp((double)value, (int)e));
}

// The element rank `rank` of `ranks` sends at `index`.
template <typename T>
HD uint64_t inputBits(uint64_t seed, int64_t rank, int64_t ranks, int64_t index, int64_t op) {
    Format f = T::format();
    if (op == OP_COPY) {
        uint64_t h = copyHash(seed, rank, index);
        uint64_t z = mix64(h);
        return f.floating && forcedZero(z) ? ((z >> 59) & 1 ? signBit(f) : 0) : h & widthMask(f);
    }
    uint64_t ih = indexHash(seed, index);
    int64_t slot = (rank - windowStart(ih, ranks) + ranks) % ranks;
    return slot < activeRanks(f, op, ranks) ? slotBits<T>(op, ih, slot, ranks) : identityBits<T>(op);
}

HD int64_t preMulSumScalar(int64_t rank) { return (rank & 1) ? 2 : 1; }

// NCCL's integer average: the sum wrapped in the element type, then divided with truncation toward zero
// (FuncSumPostDiv: the magnitude of a negative sum is divided and negated back).
HD uint64_t integerAverage(const Format& f, uint64_t sum, int64_t ranks) {
    uint64_t mask = widthMask(f);
    bool negative = f.isSigned && (sum & signBit(f));
    uint64_t magnitude = negative ? (0 - sum) & mask : sum;
    uint64_t quotient = magnitude / (uint64_t)ranks;
    return (negative ? 0 - quotient : quotient) & mask;
}

HD bool integerLess(const Format& f, uint64_t a, uint64_t b) {
    return f.isSigned ? (a ^ signBit(f)) < (b ^ signBit(f)) : a < b;
}

// What every rank's reduction result must be at `index`: the active ranks' values reduced exactly. Floating sums
// run in double from -0, where they are exact and follow IEEE's rules for the sign of zero, as NCCL's do.
template <typename T>
HD uint64_t expectedBits(uint64_t seed, int64_t ranks, int64_t index, int64_t op) {
    Format f = T::format();
    uint64_t mask = widthMask(f);
    uint64_t ih = indexHash(seed, index);
    int64_t start = windowStart(ih, ranks);
    int64_t active = activeRanks(f, op, ranks);
    uint64_t acc = identityBits<T>(op);
    double sum = -0.0;
    double product = 1.0;
    double avgScalar = Doubles<T>::toDouble(Doubles<T>::avgScalar(ranks));
    for (int64_t slot = 0; slot < active; slot++) {
        uint64_t x = slotBits<T>(op, ih, slot, ranks);
        int64_t rank = (start + slot) % ranks;
        if (op == OP_MAX || op == OP_MIN) {
            bool less = f.floating ? Doubles<T>::toDouble(x) < Doubles<T>::toDouble(acc) : integerLess(f, x, acc);
            bool greater = f.floating ? Doubles<T>::toDouble(x) > Doubles<T>::toDouble(acc) : integerLess(f, acc, x);
            if (op == OP_MAX ? greater : less) acc = x;
        } else if (!f.floating) {
            acc = (op == OP_PROD ? acc * x : acc + x * (uint64_t)(op == OP_MULSUM ? preMulSumScalar(rank) : 1)) & mask;
        } else if (op == OP_PROD) {
            product *= Doubles<T>::toDouble(x);
        } else {
            double term = Doubles<T>::toDouble(x);
            sum += op == OP_MULSUM ? term * preMulSumScalar(rank) : op == OP_AVG ? term * avgScalar : term;
        }
    }
    if (op == OP_MAX || op == OP_MIN) return acc;
    if (!f.floating) return op == OP_AVG ? integerAverage(f, acc, ranks) : acc;
    return Doubles<T>::fromDouble(op == OP_PROD ? product : sum);
}

template <typename T>
__device__ void fill(typename T::Storage* buffer, int64_t count, int64_t seed, int64_t rank, int64_t ranks, int64_t op) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < count; i += (int64_t)gridDim.x * blockDim.x) {
        buffer[i] = (typename T::Storage)inputBits<T>((uint64_t)seed, rank, ranks, i, op);
    }
}

// The bits element i of a region must hold. With source >= 0 it is rank `source`'s input at indexOffset + i; with
// SOURCE_REDUCTION and blockSize > 0 it is rank i / blockSize's input at indexOffset + i % blockSize (gathers,
// all-to-all), with blockSize 0 the reduction at indexOffset + i; SOURCE_UNTOUCHED means the poison bytes.
template <typename T>
HD uint64_t wantedBits(int64_t i, int64_t seed, int64_t ranks, int64_t source, int64_t blockSize, int64_t indexOffset,
                       int64_t op) {
    Format f = T::format();
    if (source == SOURCE_UNTOUCHED) return (POISON_BYTE * 0x0101010101010101ull) & widthMask(f);
    if (source == SOURCE_REDUCTION && blockSize == 0) return expectedBits<T>((uint64_t)seed, ranks, indexOffset + i, op);
    int64_t from = blockSize > 0 ? i / blockSize : source;
    int64_t index = indexOffset + (blockSize > 0 ? i % blockSize : i);
    return inputBits<T>((uint64_t)seed, from, ranks, index, op);
}

// Counts the elements that differ from the wanted bits; or, with `write` set, writes the wanted bits instead (the
// test hook that plants stale data: what an earlier check's seed would have left there).
template <typename T>
__device__ void check(typename T::Storage* buffer, int64_t count, int64_t seed, int64_t ranks, int64_t source,
                      int64_t blockSize, int64_t indexOffset, int64_t op, unsigned long long* wrong, int64_t write) {
    unsigned long long local = 0;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < count; i += (int64_t)gridDim.x * blockDim.x) {
        typename T::Storage want = (typename T::Storage)wantedBits<T>(i, seed, ranks, source, blockSize, indexOffset, op);
        if (write) {
            buffer[i] = want;
        } else if (buffer[i] != want) {
            local++;
        }
    }
    if (local) atomicAdd(wrong, local);
}

#define KERNELS(NAME, T)                                                                                          \
    extern "C" __global__ void fill_##NAME(T::Storage* buffer, int64_t count, int64_t seed, int64_t rank,          \
                                           int64_t ranks, int64_t op) {                                           \
        fill<T>(buffer, count, seed, rank, ranks, op);                                                           \
    }                                                                                                             \
    extern "C" __global__ void check_##NAME(T::Storage* buffer, int64_t count, int64_t seed, int64_t ranks,        \
                                            int64_t source, int64_t blockSize, int64_t indexOffset, int64_t op,   \
                                            unsigned long long* wrong, int64_t write) {                           \
        check<T>(buffer, count, seed, ranks, source, blockSize, indexOffset, op, wrong, write);                  \
    }

KERNELS(int8, Int8T)
KERNELS(uint8, Uint8T)
KERNELS(int32, Int32T)
KERNELS(uint32, Uint32T)
KERNELS(int64, Int64T)
KERNELS(uint64, Uint64T)
KERNELS(half, HalfT)
KERNELS(float, FloatT)
KERNELS(double, DoubleT)
KERNELS(bfloat16, Bfloat16T)
KERNELS(f8e4m3, F8e4m3T)
KERNELS(f8e5m2, F8e5m2T)

// Test hooks (ncclkit perf --corrupt-for-test=KIND); one thread each, on a few elements.

// bits: flips bits of one byte.
extern "C" __global__ void corrupt_byte(uint8_t* buffer, int64_t offset) {
    if (blockIdx.x == 0 && threadIdx.x == 0) buffer[offset] ^= 0x5A;
}

// position: elements [m, 2m) move to [0, m), m = min(16, count / 2): right values at the wrong place.
extern "C" __global__ void corrupt_shift(uint8_t* buffer, int64_t count, int64_t elementBytes) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    int64_t m = count / 2 < 16 ? count / 2 : 16;
    for (int64_t b = 0; b < m * elementBytes; b++) buffer[b] = buffer[b + m * elementBytes];
}

// zero: the first element that is +0 or -0 gets the other sign (floating types).
extern "C" __global__ void corrupt_zero_sign(uint8_t* buffer, int64_t count, int64_t elementBytes) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    for (int64_t i = 0; i < count; i++) {
        uint8_t* e = buffer + i * elementBytes;
        bool zero = (e[elementBytes - 1] & 0x7F) == 0;
        for (int64_t b = 0; b < elementBytes - 1; b++) zero = zero && e[b] == 0;
        if (zero) {
            e[elementBytes - 1] ^= 0x80;
            return;
        }
    }
}
