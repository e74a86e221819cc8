/*
 * A small NCCL NET plugin for ncclkit's tests: TCP sockets on the loopback interface, host memory.
 * Exports ncclNetPlugin_v8 and ncclNetPlugin_v12 (layouts from NCCL's net_v8.h / net_v12.h, declared here so that
 * the test build needs no NCCL headers). FIXTURE_NET_FAULT=corrupt flips one received byte (of the third message a
 * receiver completes); FIXTURE_NET_FAULT=hang never reports a receive as done. Built with -DFIXTURE_V8_ONLY it
 * exports v8 alone.
 * FIXTURE_NET_SLOW_HOSTID=ID slows the process whose NCCL_HOSTID is ID, as a slow NIC would: each message it sends or
 * receives takes 1 ms plus 1 us per 8 bytes more (under 8 MB/s), so that one simulated node of a run is much slower.
 * FIXTURE_NET_ADDRESS=auto listens on this host's first non-loopback IPv4 address instead of 127.0.0.1 (an IPv4
 * literal is taken as it is), so that processes on different hosts of the test bed can connect to each other.
 * FIXTURE_NET_CUDA=1 also takes GPU memory (NCCL_PTR_CUDA): libcuda.so.1 is opened with dlopen at init (no CUDA headers
 * or libraries at build time), a CUDA send is copied to a host staging buffer when posted, a CUDA receive lands in
 * one and is copied to the GPU when it completes (after the corrupt fault, so that it reaches GPU memory), and iflush
 * returns a request that is already done. The CUDA calls run on the caller's thread, in its current CUDA context.
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef int ncclResult_t;
#define ncclSuccess 0
#define ncclSystemError 2
#define ncclInternalError 3
#define ncclInvalidArgument 4
#define NCCL_PTR_HOST 1
#define NCCL_PTR_CUDA 2
typedef void (*ncclDebugLogger_t)(int level, unsigned long flags, const char* file, int line, const char* fmt, ...);

typedef struct {
  char* name; char* pciPath; uint64_t guid; int ptrSupport; int regIsGlobal; int speed; int port; float latency;
  int maxComms; int maxRecvs; int netDeviceType; int netDeviceVersion;
} ncclNetProperties_v8_t;

typedef struct {
  char* name; char* pciPath; uint64_t guid; int ptrSupport; int regIsGlobal; int forceFlush; int speed; int port;
  float latency; int maxComms; int maxRecvs; int netDeviceType; int netDeviceVersion;
  struct { int ndevs; int devs[8]; } vProps;
  size_t maxP2pBytes; size_t maxCollBytes; int maxMultiRequestSize; int16_t railId; int16_t planeId;
} ncclNetProperties_v12_t;

typedef struct { int trafficClass; } ncclNetCommConfig_v12_t;

#define MAX_REQUESTS 1024
#define HANDLE_MAGIC 0x6e63636cu

struct comm;
struct request {
  struct comm* comm; int used; int isSend; char* data; size_t size;
  uint64_t header; size_t headerDone; size_t bodyDone; int complete; size_t transferred;
  uint64_t gpuData; /* the CUDA buffer behind a host staging buffer (data), or 0 for host memory */
};
struct comm {
  int fd; int isSend; int completedRecvs; int flushes;
  struct request requests[MAX_REQUESTS];
  struct request* queue[MAX_REQUESTS]; int head; int count;
};
struct listenComm { int fd; };
struct handle { uint32_t magic; struct sockaddr_in addr; };

static ncclDebugLogger_t logger;
static const char* fault;
static int slow; /* this process is the FIXTURE_NET_SLOW_HOSTID node */
#define LOG(level, fmt, ...) do { if (logger) logger(level, 16UL, __FILE__, __LINE__, fmt, ##__VA_ARGS__); } while (0)
#define INFO(fmt, ...) LOG(3, fmt, ##__VA_ARGS__)
#define WARN(fmt, ...) LOG(2, fmt, ##__VA_ARGS__)

/* The two libcuda calls the CUDA mode needs (CUdeviceptr is 64-bit; CUresult 0 is CUDA_SUCCESS). */
typedef int (*cuMemcpyDtoH_t)(void* dst, uint64_t src, size_t bytes);
typedef int (*cuMemcpyHtoD_t)(uint64_t dst, const void* src, size_t bytes);
static cuMemcpyDtoH_t copyFromGpu;
static cuMemcpyHtoD_t copyToGpu;
static int hostRegistration, cudaRegistration; /* memory handles: which kind of memory a buffer is */

static void loadCuda(void) {
  const char* cuda = getenv("FIXTURE_NET_CUDA");
  if (cuda == NULL || strcmp(cuda, "1") != 0 || copyToGpu != NULL) return;
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) { WARN("NET/Fixture FIXTURE_NET_CUDA=1 but no CUDA driver: %s", dlerror()); return; }
  copyFromGpu = (cuMemcpyDtoH_t)dlsym(lib, "cuMemcpyDtoH_v2");
  copyToGpu = (cuMemcpyHtoD_t)dlsym(lib, "cuMemcpyHtoD_v2");
  if (copyFromGpu == NULL || copyToGpu == NULL) {
    WARN("NET/Fixture libcuda.so.1 lacks cuMemcpyDtoH_v2/cuMemcpyHtoD_v2"); copyFromGpu = NULL; copyToGpu = NULL; return;
  }
  INFO("NET/Fixture CUDA memory enabled (libcuda.so.1)");
}

static ncclResult_t commonInit(ncclDebugLogger_t logFunction, int version) {
  logger = logFunction;
  fault = getenv("FIXTURE_NET_FAULT");
  if (fault != NULL && *fault == '\0') fault = NULL;
  const char* slowHost = getenv("FIXTURE_NET_SLOW_HOSTID");
  const char* hostId = getenv("NCCL_HOSTID");
  slow = slowHost != NULL && hostId != NULL && *slowHost != '\0' && strcmp(slowHost, hostId) == 0;
  INFO("NET/Fixture Initializing fixture plugin %s (struct v%d), %d device, pid %ld, handle %zu bytes, mode %c, "
       "max requests %u, flags 0x%lx, %lld%% done, %.2f ms",
       "tcp-loopback", version, 1, (long)getpid(), sizeof(struct handle), fault ? fault[0] : '-',
       (unsigned)MAX_REQUESTS, 16UL, 100LL, 0.25);
  if (fault) WARN("NET/Fixture fault mode '%s' is on", fault);
  if (slow) WARN("NET/Fixture this process (NCCL_HOSTID %s) is slowed", hostId);
  loadCuda();
  return ncclSuccess;
}

static ncclResult_t devices(int* ndev) { *ndev = 1; return ncclSuccess; }

static void fillCommonProperties(char** name, char** pciPath, uint64_t* guid, int* ptrSupport, int* speed) {
  *name = "lo"; *pciPath = "/sys/devices/virtual/net/lo"; *guid = 0x1234; *ptrSupport = NCCL_PTR_HOST | (copyToGpu ? NCCL_PTR_CUDA : 0);
  *speed = 10000;
}

static int setNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* The address to listen on: 127.0.0.1, or FIXTURE_NET_ADDRESS (an IPv4 literal, or "auto": the first IPv4 address of an
 * interface that is up and not loopback; a host's own name may resolve to 127.0.1.1, as Debian writes /etc/hosts). */
static int listenAddress(struct in_addr* address) {
  const char* wanted = getenv("FIXTURE_NET_ADDRESS");
  address->s_addr = htonl(INADDR_LOOPBACK);
  if (wanted == NULL || *wanted == '\0') return 0;
  if (strcmp(wanted, "auto") != 0) return inet_pton(AF_INET, wanted, address) == 1 ? 0 : -1;
  struct ifaddrs *all = NULL, *i;
  if (getifaddrs(&all) != 0) return -1;
  int found = -1;
  for (i = all; i != NULL && found != 0; i = i->ifa_next) {
    if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET && (i->ifa_flags & IFF_UP) && !(i->ifa_flags & IFF_LOOPBACK)) {
      *address = ((struct sockaddr_in*)i->ifa_addr)->sin_addr;
      found = 0;
    }
  }
  freeifaddrs(all);
  return found;
}

static ncclResult_t doListen(int dev, void* opaqueHandle, void** listenComm) {
  if (dev != 0) return ncclInvalidArgument;
  struct handle* handle = (struct handle*)opaqueHandle;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) { WARN("NET/Fixture socket: %s", strerror(errno)); return ncclSystemError; }
  struct sockaddr_in addr; memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET; addr.sin_port = 0;
  if (listenAddress(&addr.sin_addr) != 0) {
    WARN("NET/Fixture FIXTURE_NET_ADDRESS=%s: no IPv4 address for it", getenv("FIXTURE_NET_ADDRESS")); close(fd); return ncclSystemError;
  }
  socklen_t len = sizeof addr;
  if (bind(fd, (struct sockaddr*)&addr, sizeof addr) != 0 || listen(fd, 16) != 0
      || getsockname(fd, (struct sockaddr*)&addr, &len) != 0 || setNonBlocking(fd) != 0) {
    WARN("NET/Fixture listen: %s", strerror(errno)); close(fd); return ncclSystemError;
  }
  memset(handle, 0, 128);
  handle->magic = HANDLE_MAGIC; handle->addr = addr;
  struct listenComm* l = calloc(1, sizeof *l); l->fd = fd;
  *listenComm = l;
  INFO("NET/Fixture listening on %s:%d", inet_ntoa(addr.sin_addr), (int)ntohs(addr.sin_port));
  return ncclSuccess;
}

static struct comm* newComm(int fd, int isSend) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setNonBlocking(fd);
  struct comm* c = calloc(1, sizeof *c); c->fd = fd; c->isSend = isSend;
  return c;
}

static ncclResult_t doConnect(int dev, void* opaqueHandle, void** sendComm) {
  struct handle* handle = (struct handle*)opaqueHandle;
  if (dev != 0 || handle->magic != HANDLE_MAGIC) { WARN("NET/Fixture connect: bad handle"); return ncclInvalidArgument; }
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr*)&handle->addr, sizeof handle->addr) != 0) {
    WARN("NET/Fixture connect: %s", strerror(errno)); if (fd >= 0) close(fd); return ncclSystemError;
  }
  *sendComm = newComm(fd, 1);
  return ncclSuccess;
}

static ncclResult_t accept_(void* listenComm, void** recvComm, void** recvDevComm) {
  (void)recvDevComm;
  struct listenComm* l = listenComm;
  int fd = accept(l->fd, NULL, NULL);
  if (fd < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) { *recvComm = NULL; return ncclSuccess; } /* poll again */
    WARN("NET/Fixture accept: %s", strerror(errno)); return ncclSystemError;
  }
  *recvComm = newComm(fd, 0);
  return ncclSuccess;
}

static ncclResult_t regMr(void* comm, void* data, size_t size, int type, void** mhandle) {
  (void)comm; (void)data; (void)size;
  if (type == NCCL_PTR_HOST) { *mhandle = &hostRegistration; return ncclSuccess; }
  if (type == NCCL_PTR_CUDA && copyToGpu) { *mhandle = &cudaRegistration; return ncclSuccess; }
  WARN("NET/Fixture regMr: memory type %d not taken (%s)", type, copyToGpu ? "host and CUDA only" : "host only");
  return ncclInvalidArgument;
}
static ncclResult_t regMrDmaBuf(void* c, void* d, size_t s, int t, uint64_t o, int fd, void** m) {
  (void)c; (void)d; (void)s; (void)t; (void)o; (void)fd; (void)m; return ncclInternalError;
}
static ncclResult_t deregMr(void* comm, void* mhandle) { (void)comm; (void)mhandle; return ncclSuccess; }

static struct request* freeRequest(struct comm* c) {
  for (int i = 0; i < MAX_REQUESTS; i++) {
    struct request* r = &c->requests[i];
    if (!r->used) { memset(r, 0, sizeof *r); r->used = 1; r->comm = c; return r; }
  }
  return NULL;
}

/* Queues a send or receive; for CUDA memory the socket works on a host staging copy. Sets *request NULL when full. */
static ncclResult_t post(struct comm* c, void* data, size_t size, void* mhandle, void** request) {
  *request = NULL;
  if (c->count == MAX_REQUESTS) return ncclSuccess;
  struct request* r = freeRequest(c);
  if (r == NULL) return ncclSuccess;
  r->isSend = c->isSend; r->data = data; r->size = size; r->header = size;
  if (mhandle == &cudaRegistration) {
    r->gpuData = (uint64_t)(uintptr_t)data;
    r->data = malloc(size > 0 ? size : 1);
    if (r->data == NULL) { r->used = 0; WARN("NET/Fixture no memory for a %zu-byte staging buffer", size); return ncclSystemError; }
    int rc = r->isSend && size > 0 ? copyFromGpu(r->data, r->gpuData, size) : 0;
    if (rc != 0) { WARN("NET/Fixture cuMemcpyDtoH failed: CUresult %d", rc); free(r->data); r->used = 0; return ncclSystemError; }
  }
  c->queue[(c->head + c->count) % MAX_REQUESTS] = r; c->count++;
  *request = r;
  return ncclSuccess;
}

/* A CUDA request's last step: a receive's bytes go to the GPU; the staging buffer is freed. */
static ncclResult_t finishStaging(struct request* r) {
  if (r->gpuData == 0) return ncclSuccess;
  int rc = !r->isSend && r->transferred > 0 ? copyToGpu(r->gpuData, r->data, r->transferred) : 0;
  free(r->data); r->data = NULL; r->gpuData = 0;
  if (rc != 0) { WARN("NET/Fixture cuMemcpyHtoD failed: CUresult %d", rc); return ncclSystemError; }
  return ncclSuccess;
}

/* Moves the oldest requests of a comm forward as far as the socket allows; TCP keeps messages in order. */
static ncclResult_t progress(struct comm* c) {
  while (c->count > 0) {
    struct request* r = c->queue[c->head];
    while (r->headerDone < sizeof r->header) {
      ssize_t n = r->isSend ? send(c->fd, (char*)&r->header + r->headerDone, sizeof r->header - r->headerDone, MSG_NOSIGNAL)
                            : recv(c->fd, (char*)&r->header + r->headerDone, sizeof r->header - r->headerDone, 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ncclSuccess;
      if (n <= 0) { WARN("NET/Fixture connection lost: %s", n == 0 ? "closed by peer" : strerror(errno)); return ncclSystemError; }
      r->headerDone += (size_t)n;
    }
    if (!r->isSend && r->header > r->size) {
      WARN("NET/Fixture message of %lu bytes does not fit a %zu-byte receive", (unsigned long)r->header, r->size);
      return ncclInternalError;
    }
    size_t body = (size_t)r->header;
    while (r->bodyDone < body) {
      ssize_t n = r->isSend ? send(c->fd, r->data + r->bodyDone, body - r->bodyDone, MSG_NOSIGNAL)
                            : recv(c->fd, r->data + r->bodyDone, body - r->bodyDone, 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ncclSuccess;
      if (n <= 0) { WARN("NET/Fixture connection lost: %s", n == 0 ? "closed by peer" : strerror(errno)); return ncclSystemError; }
      r->bodyDone += (size_t)n;
    }
    r->transferred = body;
    r->complete = 1;
    if (slow) usleep((useconds_t)(1000 + body / 8));
    if (!r->isSend && ++c->completedRecvs == 3 && fault && strcmp(fault, "corrupt") == 0 && body > 0) {
      size_t at = body > 100 ? 100 : body - 1;
      r->data[at] ^= 0x5a;
      WARN("NET/Fixture corrupting byte %zu of receive number %d", at, c->completedRecvs);
    }
    ncclResult_t staged = finishStaging(r);
    if (staged != ncclSuccess) return staged;
    c->head = (c->head + 1) % MAX_REQUESTS; c->count--;
  }
  return ncclSuccess;
}

static ncclResult_t test(void* request, int* done, int* size) {
  struct request* r = request;
  ncclResult_t result = progress(r->comm);
  if (result != ncclSuccess) return result;
  if (r->complete && !(!r->isSend && fault && strcmp(fault, "hang") == 0)) {
    *done = 1;
    if (size) *size = (int)r->transferred;
    r->used = 0;
  } else {
    *done = 0;
  }
  return ncclSuccess;
}

/* Received data is in place when test reports it (copied to the GPU synchronously), so a flush is done at once. */
static ncclResult_t iflush(void* recvComm, int n, void** data, int* sizes, void** mhandles, void** request) {
  (void)data; (void)sizes; (void)mhandles;
  struct comm* c = recvComm;
  if (n != 1) return ncclInternalError;
  struct request* r = freeRequest(c);
  if (r == NULL) { WARN("NET/Fixture iflush: no free request"); return ncclInternalError; }
  r->complete = 1;
  c->flushes++;
  *request = r;
  return ncclSuccess;
}
static ncclResult_t closeComm(void* comm) {
  struct comm* c = comm;
  if (c->flushes > 0) INFO("NET/Fixture closing a receive connection after %d flushes", c->flushes);
  for (int i = 0; i < MAX_REQUESTS; i++) if (c->requests[i].used && c->requests[i].gpuData) free(c->requests[i].data);
  close(c->fd); free(c); return ncclSuccess;
}
static ncclResult_t closeListen(void* listenComm) {
  struct listenComm* l = listenComm; close(l->fd); free(l); return ncclSuccess;
}
static ncclResult_t getDeviceMr(void* c, void* m, void** d) { (void)c; (void)m; *d = NULL; return ncclSuccess; }
static ncclResult_t irecvConsumed(void* c, int n, void* r) { (void)c; (void)n; (void)r; return ncclSuccess; }

/* ---- v8 ---- */
static ncclResult_t init_v8(ncclDebugLogger_t logFunction) { return commonInit(logFunction, 8); }
static ncclResult_t getProperties_v8(int dev, ncclNetProperties_v8_t* p) {
  if (dev != 0) return ncclInvalidArgument;
  memset(p, 0, sizeof *p);
  fillCommonProperties(&p->name, &p->pciPath, &p->guid, &p->ptrSupport, &p->speed);
  p->regIsGlobal = 0; p->port = 1; p->latency = 0.5f; p->maxComms = 65536; p->maxRecvs = 1;
  return ncclSuccess;
}
static ncclResult_t listen_v8(int dev, void* handle, void** listenComm) { return doListen(dev, handle, listenComm); }
static ncclResult_t connect_v8(int dev, void* handle, void** sendComm, void** sendDevComm) {
  (void)sendDevComm; return doConnect(dev, handle, sendComm);
}
static ncclResult_t isend_v8(void* sendComm, void* data, int size, int tag, void* mhandle, void** request) {
  (void)tag; return post(sendComm, data, (size_t)size, mhandle, request);
}
static ncclResult_t irecv_v8(void* recvComm, int n, void** data, int* sizes, int* tags, void** mhandles, void** request) {
  (void)tags;
  if (n != 1) return ncclInternalError;
  return post(recvComm, data[0], (size_t)sizes[0], mhandles[0], request);
}

typedef struct {
  const char* name;
  ncclResult_t (*init)(ncclDebugLogger_t);
  ncclResult_t (*devices)(int*);
  ncclResult_t (*getProperties)(int, ncclNetProperties_v8_t*);
  ncclResult_t (*listen)(int, void*, void**);
  ncclResult_t (*connect)(int, void*, void**, void**);
  ncclResult_t (*accept)(void*, void**, void**);
  ncclResult_t (*regMr)(void*, void*, size_t, int, void**);
  ncclResult_t (*regMrDmaBuf)(void*, void*, size_t, int, uint64_t, int, void**);
  ncclResult_t (*deregMr)(void*, void*);
  ncclResult_t (*isend)(void*, void*, int, int, void*, void**);
  ncclResult_t (*irecv)(void*, int, void**, int*, int*, void**, void**);
  ncclResult_t (*iflush)(void*, int, void**, int*, void**, void**);
  ncclResult_t (*test)(void*, int*, int*);
  ncclResult_t (*closeSend)(void*);
  ncclResult_t (*closeRecv)(void*);
  ncclResult_t (*closeListen)(void*);
  ncclResult_t (*getDeviceMr)(void*, void*, void**);
  ncclResult_t (*irecvConsumed)(void*, int, void*);
} ncclNet_v8_t;

const ncclNet_v8_t ncclNetPlugin_v8 = {
  "Fixture", init_v8, devices, getProperties_v8, listen_v8, connect_v8, accept_, regMr, regMrDmaBuf, deregMr,
  isend_v8, irecv_v8, iflush, test, closeComm, closeComm, closeListen, getDeviceMr, irecvConsumed,
};

/* ---- v12 ---- */
static int contextToken;
static ncclResult_t init_v12(void** ctx, uint64_t commId, ncclNetCommConfig_v12_t* config, ncclDebugLogger_t logFunction,
                             void* profFunction) {
  (void)commId; (void)profFunction;
  *ctx = &contextToken;
  ncclResult_t result = commonInit(logFunction, 12);
  if (config != NULL) INFO("NET/Fixture traffic class %d", config->trafficClass);
  return result;
}
static ncclResult_t getProperties_v12(int dev, ncclNetProperties_v12_t* p) {
  if (dev != 0) return ncclInvalidArgument;
  memset(p, 0, sizeof *p);
  fillCommonProperties(&p->name, &p->pciPath, &p->guid, &p->ptrSupport, &p->speed);
  p->regIsGlobal = 0; p->forceFlush = 0; p->port = 1; p->latency = 0.5f; p->maxComms = 65536; p->maxRecvs = 1;
  p->vProps.ndevs = 1; p->vProps.devs[0] = 0; p->maxP2pBytes = (size_t)1 << 31; p->maxCollBytes = (size_t)1 << 31;
  p->maxMultiRequestSize = 1; p->railId = 3; p->planeId = -1;
  return ncclSuccess;
}
static ncclResult_t listen_v12(void* ctx, int dev, void* handle, void** listenComm) {
  if (ctx != &contextToken) { WARN("NET/Fixture listen: wrong context %p", ctx); return ncclInvalidArgument; }
  return doListen(dev, handle, listenComm);
}
static ncclResult_t connect_v12(void* ctx, int dev, void* handle, void** sendComm, void** sendDevComm) {
  (void)sendDevComm;
  if (ctx != &contextToken) { WARN("NET/Fixture connect: wrong context %p", ctx); return ncclInvalidArgument; }
  return doConnect(dev, handle, sendComm);
}
static ncclResult_t isend_v12(void* sendComm, void* data, size_t size, int tag, void* mhandle, void* phandle, void** request) {
  (void)tag; (void)phandle; return post(sendComm, data, size, mhandle, request);
}
static ncclResult_t irecv_v12(void* recvComm, int n, void** data, size_t* sizes, int* tags, void** mhandles,
                              void** phandles, void** request) {
  (void)tags; (void)phandles;
  if (n != 1) return ncclInternalError;
  return post(recvComm, data[0], sizes[0], mhandles[0], request);
}
static ncclResult_t makeVDevice(int* d, void* props) { (void)d; (void)props; return ncclInternalError; }
static ncclResult_t finalize(void* ctx) { (void)ctx; INFO("NET/Fixture finalized"); return ncclSuccess; }
static ncclResult_t setNetAttr(void* ctx, void* attr) { (void)ctx; (void)attr; return ncclSuccess; }

typedef struct {
  const char* name;
  ncclResult_t (*init)(void**, uint64_t, ncclNetCommConfig_v12_t*, ncclDebugLogger_t, void*);
  ncclResult_t (*devices)(int*);
  ncclResult_t (*getProperties)(int, ncclNetProperties_v12_t*);
  ncclResult_t (*listen)(void*, int, void*, void**);
  ncclResult_t (*connect)(void*, int, void*, void**, void**);
  ncclResult_t (*accept)(void*, void**, void**);
  ncclResult_t (*regMr)(void*, void*, size_t, int, void**);
  ncclResult_t (*regMrDmaBuf)(void*, void*, size_t, int, uint64_t, int, void**);
  ncclResult_t (*deregMr)(void*, void*);
  ncclResult_t (*isend)(void*, void*, size_t, int, void*, void*, void**);
  ncclResult_t (*irecv)(void*, int, void**, size_t*, int*, void**, void**, void**);
  ncclResult_t (*iflush)(void*, int, void**, int*, void**, void**);
  ncclResult_t (*test)(void*, int*, int*);
  ncclResult_t (*closeSend)(void*);
  ncclResult_t (*closeRecv)(void*);
  ncclResult_t (*closeListen)(void*);
  ncclResult_t (*getDeviceMr)(void*, void*, void**);
  ncclResult_t (*irecvConsumed)(void*, int, void*);
  ncclResult_t (*makeVDevice)(int*, void*);
  ncclResult_t (*finalize)(void*);
  ncclResult_t (*setNetAttr)(void*, void*);
} ncclNet_v12_t;

#ifndef FIXTURE_V8_ONLY
const ncclNet_v12_t ncclNetPlugin_v12 = {
  "Fixture", init_v12, devices, getProperties_v12, listen_v12, connect_v12, accept_, regMr, regMrDmaBuf, deregMr,
  isend_v12, irecv_v12, iflush, test, closeComm, closeComm, closeListen, getDeviceMr, irecvConsumed,
  makeVDevice, finalize, setNetAttr,
};
#endif
