// Host program for VerifyCudaTwinTest: runs verify.cu's formulas on the CPU (they are __host__ __device__) for the
// cases read from standard input, one "type op ranks seed rank index" per line, and prints the input and expected
// bits in hex, so that the test can compare them with the Java twin.
#include "../../main/cuda/verify.cu"
#include <stdio.h>
#include <string.h>

template <typename T>
static void answer(int64_t op, int64_t ranks, uint64_t seed, int64_t rank, int64_t index) {
    unsigned long long input = inputBits<T>(seed, rank, ranks, index, op);
    unsigned long long expected = op == OP_COPY ? input : expectedBits<T>(seed, ranks, index, op);
    printf("%llx %llx\n", input, expected);
}

int main() {
    char type[16];
    long long op, ranks, rank, index;
    unsigned long long seed;
    while (scanf("%15s %lld %lld %llu %lld %lld", type, &op, &ranks, &seed, &rank, &index) == 6) {
        if (!strcmp(type, "int8")) answer<Int8T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "uint8")) answer<Uint8T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "int32")) answer<Int32T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "uint32")) answer<Uint32T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "int64")) answer<Int64T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "uint64")) answer<Uint64T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "half")) answer<HalfT>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "float")) answer<FloatT>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "double")) answer<DoubleT>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "bfloat16")) answer<Bfloat16T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "f8e4m3")) answer<F8e4m3T>(op, ranks, seed, rank, index);
        else if (!strcmp(type, "f8e5m2")) answer<F8e5m2T>(op, ranks, seed, rank, index);
        else return 2;
        fflush(stdout);
    }
    return 0;
}
