// Fill and check kernels for ncclkit perf: inputs are built so that every collective's result is exactly
// predictable, and results are compared on the GPU. Compiled to PTX by build-ptx.sh; the PTX ships in the jar.
// Every kernel parameter is 8 bytes wide (pointers and 64-bit integers), which is what CudaDriver.launch passes.
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <cuda_fp8.h>
#include <stdint.h>

// Reduction operations, numbered as org.ncclkit.collective.RedOp's ordinals.
#define OP_SUM 0
#define OP_PROD 1
#define OP_MAX 2
#define OP_MIN 3
#define OP_AVG 4
#define OP_MULSUM 5

__device__ __forceinline__ uint64_t mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// The small integer that rank `rank` holds at `index`: products use 1s and 2s, everything else [0, range).
__device__ __forceinline__ int64_t inputValue(uint64_t seed, int64_t rank, int64_t index, int64_t op, int64_t range) {
    uint64_t h = mix64(seed ^ mix64(((uint64_t)rank << 40) ^ (uint64_t)index));
    if (op == OP_PROD) return (h & 3) == 0 ? 2 : 1;
    return (int64_t)(h % (uint64_t)range);
}

__device__ __forceinline__ int64_t preMulSumScalar(int64_t rank) { return (rank & 1) ? 2 : 1; }

template <typename T> struct Conv;
template <> struct Conv<int8_t>   { static __device__ int8_t from(double v) { return (int8_t)(int64_t)v; } static __device__ double to(int8_t v) { return v; } };
template <> struct Conv<uint8_t>  { static __device__ uint8_t from(double v) { return (uint8_t)(int64_t)v; } static __device__ double to(uint8_t v) { return v; } };
template <> struct Conv<int32_t>  { static __device__ int32_t from(double v) { return (int32_t)(int64_t)v; } static __device__ double to(int32_t v) { return v; } };
template <> struct Conv<uint32_t> { static __device__ uint32_t from(double v) { return (uint32_t)(int64_t)v; } static __device__ double to(uint32_t v) { return v; } };
template <> struct Conv<int64_t>  { static __device__ int64_t from(double v) { return (int64_t)v; } static __device__ double to(int64_t v) { return (double)v; } };
template <> struct Conv<uint64_t> { static __device__ uint64_t from(double v) { return (uint64_t)(int64_t)v; } static __device__ double to(uint64_t v) { return (double)v; } };
template <> struct Conv<float>    { static __device__ float from(double v) { return (float)v; } static __device__ double to(float v) { return v; } };
template <> struct Conv<double>   { static __device__ double from(double v) { return v; } static __device__ double to(double v) { return v; } };
template <> struct Conv<__half>   { static __device__ __half from(double v) { return __float2half_rn((float)v); } static __device__ double to(__half v) { return __half2float(v); } };
template <> struct Conv<__nv_bfloat16> { static __device__ __nv_bfloat16 from(double v) { return __float2bfloat16_rn((float)v); } static __device__ double to(__nv_bfloat16 v) { return __bfloat162float(v); } };
template <> struct Conv<__nv_fp8_e4m3> { static __device__ __nv_fp8_e4m3 from(double v) { return __nv_fp8_e4m3((float)v); } static __device__ double to(__nv_fp8_e4m3 v) { return (float)v; } };
template <> struct Conv<__nv_fp8_e5m2> { static __device__ __nv_fp8_e5m2 from(double v) { return __nv_fp8_e5m2((float)v); } static __device__ double to(__nv_fp8_e5m2 v) { return (float)v; } };

template <typename T> struct Traits { static const bool floating = false; static __device__ double epsilon() { return 0; } };
template <> struct Traits<float> { static const bool floating = true; static __device__ double epsilon() { return 1.0 / (1 << 23); } };
template <> struct Traits<double> { static const bool floating = true; static __device__ double epsilon() { return 1.0 / (1ull << 52); } };
template <> struct Traits<__half> { static const bool floating = true; static __device__ double epsilon() { return 1.0 / (1 << 10); } };
template <> struct Traits<__nv_bfloat16> { static const bool floating = true; static __device__ double epsilon() { return 1.0 / (1 << 7); } };
template <> struct Traits<__nv_fp8_e4m3> { static const bool floating = true; static __device__ double epsilon() { return 1.0 / (1 << 3); } };
template <> struct Traits<__nv_fp8_e5m2> { static const bool floating = true; static __device__ double epsilon() { return 1.0 / (1 << 2); } };

// The value rank `rank` sends at `index`, in the element type.
template <typename T>
__device__ __forceinline__ T inputElement(uint64_t seed, int64_t rank, int64_t index, int64_t op, int64_t range) {
    return Conv<T>::from((double)inputValue(seed, rank, index, op, range));
}

template <typename Acc>
__device__ __forceinline__ Acc combine(Acc acc, Acc x, int64_t op, int64_t rank) {
    switch (op) {
        case OP_PROD: return acc * x;
        case OP_MAX: return x > acc ? x : acc;
        case OP_MIN: return x < acc ? x : acc;
        case OP_MULSUM: return acc + (Acc)preMulSumScalar(rank) * x;
        default: return acc + x;
    }
}

// How a reduction is computed for the check: in double for floating types, in 64-bit two's complement for integers
// (which wrap exactly as the element type does), and how the accumulated value becomes the expected element.
template <typename T, bool Floating = Traits<T>::floating> struct Accumulator;
template <typename T> struct Accumulator<T, true> {
    typedef double Acc;
    static __device__ Acc input(uint64_t seed, int64_t rank, int64_t index, int64_t op, int64_t range) {
        return Conv<T>::to(inputElement<T>(seed, rank, index, op, range));
    }
    static __device__ double expected(Acc acc, int64_t op, int64_t nranks) { return op == OP_AVG ? acc / nranks : acc; }
};
template <typename T> struct Accumulator<T, false> {
    typedef uint64_t Acc;
    static __device__ Acc input(uint64_t seed, int64_t rank, int64_t index, int64_t op, int64_t range) {
        return (uint64_t)inputValue(seed, rank, index, op, range);
    }
    static __device__ double expected(Acc acc, int64_t op, int64_t nranks) {
        return op == OP_AVG ? (double)(acc / (uint64_t)nranks) : Conv<T>::to(Conv<T>::from((double)(int64_t)acc));
    }
};

// The reduction over all ranks of their inputs at `index`, as the collective defines it.
template <typename T>
__device__ double reduceAll(uint64_t seed, int64_t nranks, int64_t index, int64_t op, int64_t range) {
    typedef Accumulator<T> A;
    typename A::Acc acc = A::input(seed, 0, index, op, range);
    if (op == OP_MULSUM) acc *= preMulSumScalar(0);
    for (int64_t r = 1; r < nranks; r++) {
        acc = combine(acc, A::input(seed, r, index, op, range), op, r);
    }
    return A::expected(acc, op, nranks);
}

template <typename T>
__device__ void fill(T* buffer, int64_t count, int64_t seed, int64_t rank, int64_t op, int64_t range) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < count; i += (int64_t)gridDim.x * blockDim.x) {
        buffer[i] = inputElement<T>((uint64_t)seed, rank, i, op, range);
    }
}

// Counts the elements of `buffer` that differ from what the collective must produce. Element i comes from
// rank `source` (or, when `source` is -1, is the reduction over all ranks) at input index
// `indexOffset + i % blockSize`; with blockSize > 0 the source rank is i / blockSize (gathers, all-to-all).
template <typename T>
__device__ void check(const T* buffer, int64_t count, int64_t seed, int64_t nranks, int64_t source,
                      int64_t blockSize, int64_t indexOffset, int64_t op, int64_t range,
                      unsigned long long* wrong) {
    unsigned long long local = 0;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < count; i += (int64_t)gridDim.x * blockDim.x) {
        int64_t src = blockSize > 0 ? i / blockSize : source;
        int64_t index = indexOffset + (blockSize > 0 ? i % blockSize : i);
        double got = Conv<T>::to(buffer[i]);
        bool ok;
        if (source < 0 && blockSize == 0) {
            double expected = reduceAll<T>((uint64_t)seed, nranks, index, op, range);
            if (Traits<T>::floating && op == OP_AVG) {
                double tolerance = 2 * Traits<T>::epsilon() * fmax(fabs(expected), 1.0);
                ok = fabs(got - expected) <= tolerance;
            } else {
                ok = got == Conv<T>::to(Conv<T>::from(expected));
            }
        } else {
            ok = got == Conv<T>::to(inputElement<T>((uint64_t)seed, src, index, op, range));
        }
        if (!ok) local++;
    }
    if (local) atomicAdd(wrong, local);
}

#define KERNELS(NAME, T)                                                                                          \
    extern "C" __global__ void fill_##NAME(T* buffer, int64_t count, int64_t seed, int64_t rank, int64_t op,       \
                                           int64_t range) {                                                       \
        fill<T>(buffer, count, seed, rank, op, range);                                                           \
    }                                                                                                             \
    extern "C" __global__ void check_##NAME(const T* buffer, int64_t count, int64_t seed, int64_t nranks,          \
                                            int64_t source, int64_t blockSize, int64_t indexOffset, int64_t op,   \
                                            int64_t range, unsigned long long* wrong) {                           \
        check<T>(buffer, count, seed, nranks, source, blockSize, indexOffset, op, range, wrong);                 \
    }

KERNELS(int8, int8_t)
KERNELS(uint8, uint8_t)
KERNELS(int32, int32_t)
KERNELS(uint32, uint32_t)
KERNELS(int64, int64_t)
KERNELS(uint64, uint64_t)
KERNELS(half, __half)
KERNELS(float, float)
KERNELS(double, double)
KERNELS(bfloat16, __nv_bfloat16)
KERNELS(f8e4m3, __nv_fp8_e4m3)
KERNELS(f8e5m2, __nv_fp8_e5m2)

// Test hook: flips one element's bits so that a check must report it (ncclkit perf --corrupt-for-test).
extern "C" __global__ void corrupt_byte(uint8_t* buffer, int64_t offset) {
    if (blockIdx.x == 0 && threadIdx.x == 0) buffer[offset] ^= 0x5A;
}
