/* cload - lean loopback load generator for a line-based TCP protocol.
 *
 * Build: gcc -O2 -pthread -o cload cload.c
 *
 * Usage: cload --port P --clients N --duration S --request 'LINE'
 *              [--expect-prefix PREFIX] [--host 127.0.0.1]
 *
 * One TCP connection per request: connect to 127.0.0.1:P, send LINE + "\n",
 * read until the server closes, judge the reply (non-empty, and starting with
 * PREFIX if given), close, repeat. Two threads, each an epoll loop owning half
 * of the N logical clients, non-blocking sockets. Loopback only, N <= 1000,
 * S <= 120, every request bounded by 10 s. Exit 0 if nothing failed, else 1
 * (2 on usage/setup errors). Options also accept --opt=value.
 *
 * Counting: "ok" = reply complete (server closed) and matching; "failed" =
 * connect/IO error, reset, empty or non-matching reply, or 10 s timeout.
 * Requests still in flight at the deadline are reset and counted in neither
 * (JSON "in_flight_at_end"). req/s = ok / elapsed. Latency (connect start ->
 * EOF seen) is recorded for ok requests in 10 us buckets; percentiles report
 * the bucket's upper edge, max is exact.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 2
#define MAX_CLIENTS 1000
#define MAX_DURATION 120
#define REQ_TIMEOUT_NS (10LL * 1000000000LL)
#define BUCKET_NS 10000LL                      /* 10 us buckets ...        */
#define NBUCKETS (REQ_TIMEOUT_NS / BUCKET_NS)  /* ... up to 10 s, + overflow */
#define HEAD_CAP 256                           /* reply bytes kept for the check */
#define SCAN_NS (100LL * 1000000LL)            /* timeout scan period */

enum phase { IDLE, CONNECTING, READING };

struct client {
    int fd;
    enum phase phase;
    int step;              /* 0: the request; 1: its get_result (e2e mode) */
    int64_t start_ns;
    const char *req;       /* the line being sent, with its "\n" */
    size_t req_len;
    char result_req[128];  /* e2e mode: {"harpcaller":1,"get_result":"ID","wait":true} */
    size_t sent;
    size_t head_len;
    char head[HEAD_CAP];
};

struct worker {
    pthread_t tid;
    int nclients;
    struct client *clients;
    struct client **idle; /* clients whose request ended, to restart; 2N capacity */
    int nidle;
    int ep;
    uint64_t ok, failed, abandoned;
    int64_t max_ns;
    uint32_t *hist; /* NBUCKETS + 1 (overflow) */
};

static struct sockaddr_in g_addr;
static const char *g_req;     /* request line including "\n" */
static size_t g_req_len;
static const char *g_prefix;  /* NULL: any non-empty reply is ok */
static size_t g_prefix_len;
static int64_t g_start_ns, g_deadline_ns;
static const char *g_then_result; /* e2e mode: the get_result reply must start with this */
static size_t g_then_result_len;
static pthread_barrier_t g_barrier;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Close the client's socket. abortive: RST (no TIME_WAIT) for failures. */
static void drop(struct client *c, int abortive)
{
    if (c->fd >= 0) {
        if (abortive) {
            struct linger l = { 1, 0 };
            setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        }
        close(c->fd); /* also removes it from the epoll set */
        c->fd = -1;
    }
    c->phase = IDLE;
}

static void finish(struct worker *w, struct client *c, int ok, int64_t now)
{
    if (ok) {
        int64_t lat = now - c->start_ns;
        int64_t b = lat / BUCKET_NS;
        if (b > NBUCKETS) b = NBUCKETS;
        w->hist[b]++;
        if (lat > w->max_ns) w->max_ns = lat;
        w->ok++;
    } else {
        w->failed++;
    }
    drop(c, !ok);
    w->idle[w->nidle++] = c;
}

/* Try to push the rest of the request. 1 = all sent, 0 = would block, -1 = error. */
static int send_rest(struct client *c)
{
    while (c->sent < c->req_len) {
        ssize_t n = send(c->fd, c->req + c->sent, c->req_len - c->sent, MSG_NOSIGNAL);
        if (n > 0) { c->sent += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        return -1;
    }
    return 1;
}

static void arm(struct worker *w, struct client *c, int op, uint32_t events, int64_t now)
{
    struct epoll_event ev = { .events = events, .data.ptr = c };
    if (epoll_ctl(w->ep, op, c->fd, &ev) < 0) finish(w, c, 0, now);
}

/* Open a connection and send c->req (the current step's line). */
static void connect_step(struct worker *w, struct client *c)
{
    c->sent = 0;
    c->head_len = 0;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) { finish(w, c, 0, c->start_ns); return; }
    struct linger l = { 0, 0 }; /* SO_LINGER off: normal graceful close */
    setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    if (connect(c->fd, (struct sockaddr *)&g_addr, sizeof g_addr) == 0) {
        int r = send_rest(c);
        if (r < 0) { finish(w, c, 0, now_ns()); return; }
        c->phase = r ? READING : CONNECTING;
        arm(w, c, EPOLL_CTL_ADD, r ? EPOLLIN : EPOLLOUT, c->start_ns);
    } else if (errno == EINPROGRESS) {
        c->phase = CONNECTING;
        arm(w, c, EPOLL_CTL_ADD, EPOLLOUT, c->start_ns);
    } else {
        finish(w, c, 0, now_ns());
    }
}

/* Start a new request on an idle client. */
static void start(struct worker *w, struct client *c)
{
    c->start_ns = now_ns();
    c->step = 0;
    c->req = g_req;
    c->req_len = g_req_len;
    connect_step(w, c);
}

/* e2e mode: the submit's reply carries the job id; ask for its result (waiting) on a new
 * connection. The latency counts from the submit. 0 when the reply has no usable id. */
static int start_result(struct worker *w, struct client *c)
{
    static const char key[] = "\"job_id\":\"";
    const char *p = memmem(c->head, c->head_len, key, sizeof key - 1);
    if (!p) return 0;
    p += sizeof key - 1;
    const char *end = memchr(p, '"', c->head_len - (size_t)(p - c->head));
    if (!end || end - p != 36) return 0;
    int n = snprintf(c->result_req, sizeof c->result_req,
                     "{\"harpcaller\":1,\"get_result\":\"%.36s\",\"wait\":true}\n", p);
    if (n <= 0 || (size_t)n >= sizeof c->result_req) return 0;
    close(c->fd);
    c->fd = -1;
    c->step = 1;
    c->req = c->result_req;
    c->req_len = (size_t)n;
    connect_step(w, c);
    return 1;
}

static void on_event(struct worker *w, struct client *c, uint32_t events, char *buf, size_t bufsz)
{
    int64_t now;
    if (c->phase == CONNECTING) {
        /* Writable (or error): a failed connect makes send() fail. */
        int r = send_rest(c);
        if (r < 0) { finish(w, c, 0, now_ns()); return; }
        if (r == 0) return;
        c->phase = READING;
        arm(w, c, EPOLL_CTL_MOD, EPOLLIN, 0);
        return;
    }
    if (c->phase != READING) return;
    (void)events;
    for (;;) {
        ssize_t n = read(c->fd, buf, bufsz);
        if (n > 0) {
            if (c->head_len < HEAD_CAP) {
                size_t k = (size_t)n;
                if (k > HEAD_CAP - c->head_len) k = HEAD_CAP - c->head_len;
                memcpy(c->head + c->head_len, buf, k);
                c->head_len += k;
            }
            continue;
        }
        if (n == 0) { /* server closed: the reply is complete */
            now = now_ns();
            const char *want = c->step == 0 ? g_prefix : g_then_result;
            size_t want_len = c->step == 0 ? g_prefix_len : g_then_result_len;
            int ok = c->head_len > 0 &&
                     (want == NULL ||
                      (c->head_len >= want_len && memcmp(c->head, want, want_len) == 0));
            if (ok && c->step == 0 && g_then_result) {
                if (!start_result(w, c)) finish(w, c, 0, now);
                return;
            }
            finish(w, c, ok, now);
            return;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        finish(w, c, 0, now_ns()); /* ECONNRESET etc. */
        return;
    }
}

static void *run(void *arg)
{
    struct worker *w = arg;
    struct epoll_event evs[256];
    char buf[4096];

    pthread_barrier_wait(&g_barrier);
    int64_t now = now_ns(), next_scan = now + SCAN_NS;
    for (int i = 0; i < w->nclients; i++) start(w, &w->clients[i]);

    for (;;) {
        now = now_ns();
        if (now >= g_deadline_ns) break;
        int64_t wait_ns = g_deadline_ns - now;
        if (wait_ns > next_scan - now) wait_ns = next_scan - now;
        int tmo = (wait_ns <= 0 || w->nidle > 0) ? 0 : (int)((wait_ns + 999999) / 1000000);
        int n = epoll_wait(w->ep, evs, 256, tmo);
        if (n < 0 && errno != EINTR) { perror("cload: epoll_wait"); break; }
        for (int i = 0; i < n; i++)
            on_event(w, evs[i].data.ptr, evs[i].events, buf, sizeof buf);

        now = now_ns();
        if (now >= g_deadline_ns) break;
        if (now >= next_scan) { /* enforce the per-request bound */
            for (int i = 0; i < w->nclients; i++) {
                struct client *c = &w->clients[i];
                if (c->phase != IDLE && now - c->start_ns >= REQ_TIMEOUT_NS)
                    finish(w, c, 0, now);
            }
            next_scan = now + SCAN_NS;
        }
        /* Restart the clients whose request ended (a start that fails at
         * once re-queues its client for the next round). */
        int k = w->nidle;
        for (int i = 0; i < k; i++) start(w, w->idle[i]);
        w->nidle -= k;
        memmove(w->idle, w->idle + k, (size_t)w->nidle * sizeof *w->idle);
    }
    /* Deadline: requests still in flight are neither ok nor failed. */
    for (int i = 0; i < w->nclients; i++) {
        struct client *c = &w->clients[i];
        if (c->phase != IDLE) { w->abandoned++; drop(c, 1); }
    }
    return NULL;
}

static void usage(void)
{
    fprintf(stderr,
        "usage: cload --port P --clients N --duration S --request 'LINE' [--expect-prefix PREFIX]\n"
        "             [--then-result PREFIX]\n"
        "  loopback only (127.0.0.1); N in 1..%d; S in 1..%d; 10 s bound per request\n"
        "  --then-result: end to end: each reply's job_id is followed by a get_result (wait) on a\n"
        "  new connection, whose reply must start with PREFIX; one call = both requests\n",
        MAX_CLIENTS, MAX_DURATION);
    exit(2);
}

static long parse_num(const char *name, const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        fprintf(stderr, "cload: %s must be an integer in %ld..%ld (got '%s')\n", name, lo, hi, s);
        exit(2);
    }
    return v;
}

static double pct_ms(const uint32_t *h, uint64_t total, double q)
{
    if (total == 0) return 0.0;
    uint64_t want = (uint64_t)(q * (double)total + 0.999999);
    if (want < 1) want = 1;
    uint64_t acc = 0;
    for (int64_t b = 0; b <= NBUCKETS; b++) {
        acc += h[b];
        if (acc >= want) return (double)((b + 1) * BUCKET_NS) / 1e6; /* bucket upper edge */
    }
    return (double)REQ_TIMEOUT_NS / 1e6;
}

int main(int argc, char **argv)
{
    long port = -1, clients = -1, duration = -1;
    const char *request = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        char name[32];
        const char *eq = strchr(a, '=');
        if (strncmp(a, "--", 2) == 0 && eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = 0;
            a = name;
            v = eq + 1;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) usage();
        if (!strcmp(a, "--submit-then-status")) {
            fprintf(stderr, "cload: --submit-then-status is not implemented\n");
            return 2;
        }
        if (!v) {
            if (i + 1 >= argc) { fprintf(stderr, "cload: %s needs a value\n", a); usage(); }
            v = argv[++i];
        }
        if (!strcmp(a, "--port")) port = parse_num("--port", v, 1, 65535);
        else if (!strcmp(a, "--clients")) clients = parse_num("--clients", v, 1, MAX_CLIENTS);
        else if (!strcmp(a, "--duration")) duration = parse_num("--duration", v, 1, MAX_DURATION);
        else if (!strcmp(a, "--request")) request = v;
        else if (!strcmp(a, "--expect-prefix")) g_prefix = v;
        else if (!strcmp(a, "--then-result")) g_then_result = v;
        else if (!strcmp(a, "--host")) {
            /* Loopback-only tool: the target is always 127.0.0.1. */
            if (strcmp(v, "127.0.0.1")) {
                fprintf(stderr, "cload: refusing target '%s': only 127.0.0.1 is allowed\n", v);
                return 2;
            }
        } else { fprintf(stderr, "cload: unknown option %s\n", a); usage(); }
    }
    if (port < 0 || clients < 0 || duration < 0 || !request) usage();
    if (strchr(request, '\n') || strchr(request, '\r')) {
        fprintf(stderr, "cload: --request must be a single line (the newline is added)\n");
        return 2;
    }
    if (g_prefix) g_prefix_len = strlen(g_prefix);
    if (g_prefix_len > HEAD_CAP) { fprintf(stderr, "cload: --expect-prefix too long\n"); return 2; }
    if (g_then_result) g_then_result_len = strlen(g_then_result);
    if (g_then_result_len > HEAD_CAP) { fprintf(stderr, "cload: --then-result too long\n"); return 2; }

    size_t rl = strlen(request);
    char *req = malloc(rl + 2);
    if (!req) { perror("cload: malloc"); return 2; }
    memcpy(req, request, rl);
    req[rl] = '\n';
    req[rl + 1] = 0;
    g_req = req;
    g_req_len = rl + 1;

    memset(&g_addr, 0, sizeof g_addr);
    g_addr.sin_family = AF_INET;
    g_addr.sin_port = htons((uint16_t)port);
    g_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* hard-coded 127.0.0.1 */

    signal(SIGPIPE, SIG_IGN);
    struct rlimit rl_nofile;
    if (getrlimit(RLIMIT_NOFILE, &rl_nofile) == 0 && rl_nofile.rlim_cur < rl_nofile.rlim_max) {
        rl_nofile.rlim_cur = rl_nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl_nofile);
    }

    struct worker w[NTHREADS];
    memset(w, 0, sizeof w);
    pthread_barrier_init(&g_barrier, NULL, NTHREADS + 1);
    for (int t = 0; t < NTHREADS; t++) {
        w[t].nclients = (int)(clients / NTHREADS + (t < clients % NTHREADS));
        w[t].clients = calloc((size_t)w[t].nclients + 1, sizeof(struct client));
        w[t].idle = calloc(2 * (size_t)w[t].nclients + 1, sizeof(struct client *));
        w[t].hist = calloc((size_t)NBUCKETS + 1, sizeof(uint32_t));
        w[t].ep = epoll_create1(EPOLL_CLOEXEC);
        if (!w[t].clients || !w[t].idle || !w[t].hist || w[t].ep < 0) { perror("cload: setup"); return 2; }
        for (int i = 0; i < w[t].nclients; i++) { w[t].clients[i].fd = -1; w[t].clients[i].phase = IDLE; }
        if (pthread_create(&w[t].tid, NULL, run, &w[t])) { fprintf(stderr, "cload: pthread_create failed\n"); return 2; }
    }
    g_start_ns = now_ns();
    g_deadline_ns = g_start_ns + duration * 1000000000LL;
    pthread_barrier_wait(&g_barrier); /* workers read g_deadline_ns after this */
    for (int t = 0; t < NTHREADS; t++) pthread_join(w[t].tid, NULL);
    double elapsed = (double)(now_ns() - g_start_ns) / 1e9;

    /* Merge the per-thread results. */
    uint64_t ok = 0, failed = 0, abandoned = 0;
    int64_t max_ns = 0;
    for (int t = 0; t < NTHREADS; t++) {
        ok += w[t].ok; failed += w[t].failed; abandoned += w[t].abandoned;
        if (w[t].max_ns > max_ns) max_ns = w[t].max_ns;
        if (t > 0)
            for (int64_t b = 0; b <= NBUCKETS; b++) w[0].hist[b] += w[t].hist[b];
    }
    double rps = (double)ok / elapsed;
    double p50 = pct_ms(w[0].hist, ok, 0.50), p99 = pct_ms(w[0].hist, ok, 0.99);
    double maxms = (double)max_ns / 1e6;

    printf("cload: %ld clients, %ld s, %llu ok, %llu failed, %.1f req/s, "
           "p50 %.2f ms p99 %.2f ms max %.2f ms\n",
           clients, duration, (unsigned long long)ok, (unsigned long long)failed,
           rps, p50, p99, maxms);
    printf("{\"clients\":%ld,\"duration_s\":%ld,\"ok\":%llu,\"failed\":%llu,"
           "\"req_per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
           "\"in_flight_at_end\":%llu,\"elapsed_s\":%.3f}\n",
           clients, duration, (unsigned long long)ok, (unsigned long long)failed,
           rps, p50, p99, maxms, (unsigned long long)abandoned, elapsed);
    return failed ? 1 : 0;
}
