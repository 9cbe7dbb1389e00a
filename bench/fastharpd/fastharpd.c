/* fastharpd - a small, fast harpd (dispatcher <-> daemon protocol, spec section 2) for the
 * end-to-end benchmark. Serves only the procedures the benchmark uses: echo, return, stream.
 *
 * Build: gcc -O2 -Wall -Wextra -pthread -o fastharpd fastharpd.c -lssl -lcrypto
 *
 * Usage: fastharpd [--port P] [--bind ADDR] [--user U] [--password W] [--threads N]
 *                  [--tls 1.2|1.3|1.2,1.3] [--cert FILE --key FILE] [--key-type ec|rsa]
 *                  [--write-cert FILE] [--no-tickets] [--exit-on-stdin-eof]
 *
 * One TLS connection per call. A fixed pool of worker threads each blocks in accept() on the
 * shared listening socket and serves one connection at a time: handshake, read one request
 * line (at most 1 MiB), write the acknowledgement and the result in one SSL_write, send
 * close_notify once without waiting for the peer's, close. Prints "listening <port>" on stdout
 * once ready; exits on SIGTERM/SIGINT (or stdin EOF with --exit-on-stdin-eof).
 *
 * The request is not fully parsed into a tree: the line is validated as JSON by a small
 * scanner (strings with escapes and UTF-8, numbers, literals, nesting up to 256 levels), then
 * the members of the top-level object are located and only the strings needed (procedure,
 * user, password) are decoded; arguments are used as raw JSON text.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define LINE_MAX_BYTES (1024 * 1024)   /* longest request line accepted (without '\n') */
#define OUT_MAX (2 * 1024 * 1024)      /* reply buffered up to this size, then written */
#define MAX_DEPTH 256                  /* JSON nesting bound */
#define IO_TIMEOUT_S 30
#define STREAM_MAX_COUNT 1000000000LL
#define STREAM_MAX_DELAY_MS 3600000.0
#define WORKER_STACK (512 * 1024)

/* ------------------------------------------------------------------------------------------ */
/* Configuration and shared state                                                             */

static struct {
    const char *bind_addr;
    const char *port;
    const char *user;
    const char *password;
    const char *cert_file;
    const char *key_file;
    const char *write_cert;
    int threads;
    int min_tls, max_tls; /* TLS1_2_VERSION / TLS1_3_VERSION */
    int rsa;
    int no_tickets;
    int exit_on_stdin_eof;
} cfg = {"127.0.0.1", "0", "rpc", "secret", NULL, NULL, NULL, 64, TLS1_2_VERSION, TLS1_3_VERSION, 0, 0, 0};

static size_t user_len, password_len;
static SSL_CTX *ctx;
static int listen_fd = -1;
static atomic_int stopping;
static atomic_int active;
static atomic_ullong n_conn, n_resumed, n_handshake_failed, n_calls, n_errors;

/* ------------------------------------------------------------------------------------------ */
/* JSON scanning                                                                              */

typedef struct { const unsigned char *s, *e; } span_t;
typedef struct { const unsigned char *p, *end; } cur_t;

static void ws(cur_t *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static int hexval(unsigned char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static int hex4(const unsigned char *p, unsigned *v)
{
    unsigned r = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0) return 0;
        r = (r << 4) | (unsigned)h;
    }
    *v = r;
    return 1;
}

/* Length of the valid UTF-8 sequence (2..4 bytes) at p, or 0. */
static int utf8_seq(const unsigned char *p, const unsigned char *end)
{
    size_t avail = (size_t)(end - p);
    unsigned char b = p[0];
    if (b >= 0xC2 && b <= 0xDF)
        return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (b == 0xE0 && p[1] < 0xA0) return 0;  /* overlong */
        if (b == 0xED && p[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        if (b == 0xF0 && p[1] < 0x90) return 0;  /* overlong */
        if (b == 0xF4 && p[1] >= 0x90) return 0; /* > U+10FFFF */
        return 4;
    }
    return 0;
}

/* c->p at '"'. Validates the string and leaves c->p after the closing quote. */
static int skip_string(cur_t *c)
{
    c->p++;
    while (c->p < c->end) {
        unsigned char ch = *c->p;
        if (ch == '"') {
            c->p++;
            return 1;
        }
        if (ch < 0x20) return 0;
        if (ch == '\\') {
            if (c->end - c->p < 2) return 0;
            unsigned char e = c->p[1];
            if (e == 'u') {
                unsigned v;
                if (c->end - c->p < 6 || !hex4(c->p + 2, &v)) return 0;
                c->p += 6;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                c->p += 2;
            } else {
                return 0;
            }
        } else if (ch < 0x80) {
            c->p++;
        } else {
            int n = utf8_seq(c->p, c->end);
            if (!n) return 0;
            c->p += n;
        }
    }
    return 0;
}

static int isdig(const cur_t *c) { return c->p < c->end && *c->p >= '0' && *c->p <= '9'; }

static int skip_number(cur_t *c)
{
    if (c->p < c->end && *c->p == '-') c->p++;
    if (!isdig(c)) return 0;
    if (*c->p == '0') c->p++;
    else while (isdig(c)) c->p++;
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (!isdig(c)) return 0;
        while (isdig(c)) c->p++;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
        if (!isdig(c)) return 0;
        while (isdig(c)) c->p++;
    }
    return 1;
}

static int skip_literal(cur_t *c, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0) return 0;
    c->p += n;
    return 1;
}

/* Validates one JSON value (leading whitespace skipped); c->p ends right after it. */
static int skip_value(cur_t *c, int depth)
{
    ws(c);
    if (c->p >= c->end) return 0;
    switch (*c->p) {
    case '"':
        return skip_string(c);
    case '{':
    case '[': {
        int obj = *c->p == '{';
        unsigned char close = obj ? '}' : ']';
        if (depth >= MAX_DEPTH) return 0;
        c->p++;
        ws(c);
        if (c->p < c->end && *c->p == close) {
            c->p++;
            return 1;
        }
        for (;;) {
            if (obj) {
                ws(c);
                if (c->p >= c->end || *c->p != '"' || !skip_string(c)) return 0;
                ws(c);
                if (c->p >= c->end || *c->p != ':') return 0;
                c->p++;
            }
            if (!skip_value(c, depth + 1)) return 0;
            ws(c);
            if (c->p >= c->end) return 0;
            if (*c->p == ',') {
                c->p++;
                continue;
            }
            if (*c->p == close) {
                c->p++;
                return 1;
            }
            return 0;
        }
    }
    case 't':
        return skip_literal(c, "true");
    case 'f':
        return skip_literal(c, "false");
    case 'n':
        return skip_literal(c, "null");
    default:
        return skip_number(c);
    }
}

/* Iteration over an already validated container. Call with c->p at '{' / '['. */
static void open_container(cur_t *c) { c->p++; }

static int obj_next(cur_t *c, span_t *key, span_t *val)
{
    ws(c);
    if (*c->p == '}') {
        c->p++;
        return 0;
    }
    if (*c->p == ',') {
        c->p++;
        ws(c);
    }
    key->s = c->p;
    skip_string(c);
    key->e = c->p;
    ws(c);
    c->p++; /* ':' */
    ws(c);
    val->s = c->p;
    skip_value(c, 0);
    val->e = c->p;
    return 1;
}

static int arr_next(cur_t *c, span_t *val)
{
    ws(c);
    if (*c->p == ']') {
        c->p++;
        return 0;
    }
    if (*c->p == ',') {
        c->p++;
        ws(c);
    }
    val->s = c->p;
    skip_value(c, 0);
    val->e = c->p;
    return 1;
}

/* Decodes a validated JSON string token (with its quotes) to UTF-8 into out, which must hold
 * at least the token's length in bytes (the decoded form is never longer). Returns the length. */
static size_t decode_string(span_t tok, unsigned char *out)
{
    const unsigned char *p = tok.s + 1, *end = tok.e - 1;
    unsigned char *o = out;
    while (p < end) {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        unsigned char e = p[1];
        unsigned cp;
        switch (e) {
        case 'b': *o++ = 8; p += 2; continue;
        case 'f': *o++ = 12; p += 2; continue;
        case 'n': *o++ = 10; p += 2; continue;
        case 'r': *o++ = 13; p += 2; continue;
        case 't': *o++ = 9; p += 2; continue;
        case 'u': break;
        default: *o++ = e; p += 2; continue; /* '"', '\\', '/' */
        }
        hex4(p + 2, &cp);
        p += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
            unsigned lo;
            if (hex4(p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
        }
        if (cp < 0x80) {
            *o++ = (unsigned char)cp;
        } else if (cp < 0x800) {
            *o++ = (unsigned char)(0xC0 | (cp >> 6));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) { /* lone surrogates are kept as 3-byte sequences */
            *o++ = (unsigned char)(0xE0 | (cp >> 12));
            *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
        } else {
            *o++ = (unsigned char)(0xF0 | (cp >> 18));
            *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
        }
    }
    return (size_t)(o - out);
}

static int span_is_string(span_t v) { return v.s < v.e && *v.s == '"'; }

/* Whether a validated string token decodes to exactly name (names here are short ASCII). */
static int string_equals(span_t tok, const char *name, size_t name_len)
{
    size_t n = (size_t)(tok.e - tok.s);
    if (n > 64 + 2) return 0; /* no name we look for is that long, even fully escaped */
    unsigned char buf[80];
    size_t len = decode_string(tok, buf);
    return len == name_len && memcmp(buf, name, len) == 0;
}
#define KEY_IS(tok, lit) string_equals((tok), (lit), sizeof(lit) - 1)

/* Member `name` of a validated object span; 1 if found (the last occurrence wins). */
static int obj_get(span_t obj, const char *name, span_t *out)
{
    cur_t c = {obj.s, obj.e};
    span_t k, v;
    int found = 0;
    open_container(&c);
    while (obj_next(&c, &k, &v))
        if (string_equals(k, name, strlen(name))) {
            *out = v;
            found = 1;
        }
    return found;
}

/* Elements of a validated array span: up to max of them into out; returns the total count. */
static int arr_elements(span_t arr, span_t *out, int max)
{
    cur_t c = {arr.s, arr.e};
    span_t v;
    int n = 0;
    open_container(&c);
    while (arr_next(&c, &v)) {
        if (n < max) out[n] = v;
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------------------------------ */
/* Reply buffer                                                                               */

typedef struct {
    SSL *ssl;
    char *buf;
    size_t len, cap;
    int failed;
} out_t;

static void out_flush(out_t *o)
{
    size_t off = 0;
    while (!o->failed && off < o->len) {
        size_t chunk = o->len - off > (1u << 30) ? (1u << 30) : o->len - off;
        int n = SSL_write(o->ssl, o->buf + off, (int)chunk);
        if (n <= 0) o->failed = 1;
        else off += (size_t)n;
    }
    o->len = 0;
}

static void out_put(out_t *o, const void *data, size_t n)
{
    if (o->failed) return;
    if (o->len + n > OUT_MAX) {
        out_flush(o);
        if (o->failed) return;
    }
    if (n > OUT_MAX) { /* cannot happen with a 1 MiB request, kept for safety */
        const char *p = data;
        while (!o->failed && n > 0) {
            size_t chunk = n > OUT_MAX ? OUT_MAX : n;
            memcpy(o->buf, p, chunk);
            o->len = chunk;
            out_flush(o);
            p += chunk;
            n -= chunk;
        }
        return;
    }
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n) cap *= 2;
        if (cap > OUT_MAX) cap = OUT_MAX;
        char *b = realloc(o->buf, cap);
        if (!b) {
            o->failed = 1;
            return;
        }
        o->buf = b;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, data, n);
    o->len += n;
}

static void out_str(out_t *o, const char *s) { out_put(o, s, strlen(s)); }

/* A JSON string token for bytes s[0..n) (which are valid UTF-8: they come from the request). */
static void out_json_string(out_t *o, const unsigned char *s, size_t n)
{
    out_put(o, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        out_put(o, s + run, i - run);
        char esc[8];
        if (ch == '"' || ch == '\\') snprintf(esc, sizeof esc, "\\%c", ch);
        else snprintf(esc, sizeof esc, "\\u%04x", ch);
        out_str(o, esc);
        run = i + 1;
    }
    out_put(o, s + run, n - run);
    out_put(o, "\"", 1);
}

static void reply_error(out_t *o, const char *type, const char *message, const unsigned char *detail, size_t detail_len)
{
    out_str(o, "{\"harp\":1,\"error\":{\"type\":\"");
    out_str(o, type);
    out_str(o, "\",\"message\":");
    if (detail) {
        size_t ml = strlen(message);
        unsigned char *m = malloc(ml + detail_len);
        if (!m) {
            o->failed = 1;
            return;
        }
        memcpy(m, message, ml);
        memcpy(m + ml, detail, detail_len);
        out_json_string(o, m, ml + detail_len);
        free(m);
    } else {
        out_json_string(o, (const unsigned char *)message, strlen(message));
    }
    out_str(o, "}}\n");
    atomic_fetch_add_explicit(&n_errors, 1, memory_order_relaxed);
}

static void reply_exception(out_t *o, const char *message)
{
    out_str(o, "{\"exception\":{\"type\":\"bad_arguments\",\"message\":");
    out_json_string(o, (const unsigned char *)message, strlen(message));
    out_str(o, "}}\n");
}

static const char ACK_PLAIN[] = "{\"harp\":1,\"stream_result\":false}\n";
static const char ACK_STREAM[] = "{\"harp\":1,\"stream_result\":true}\n";

/* ------------------------------------------------------------------------------------------ */
/* Procedures                                                                                 */

/* A non-negative integer literal (digits only) up to max. */
static int parse_count(span_t v, long long max, long long *out)
{
    long long n = 0;
    if (v.s >= v.e) return 0;
    for (const unsigned char *p = v.s; p < v.e; p++) {
        if (*p < '0' || *p > '9') return 0;
        n = n * 10 + (*p - '0');
        if (n > max) return 0;
    }
    *out = n;
    return 1;
}

static int parse_delay(span_t v, double *out)
{
    char buf[64];
    size_t n = (size_t)(v.e - v.s);
    if (n == 0 || n >= sizeof buf || (*v.s != '-' && (*v.s < '0' || *v.s > '9'))) return 0;
    memcpy(buf, v.s, n);
    buf[n] = 0;
    char *end;
    double d = strtod(buf, &end);
    if (*end || !(d >= 0 && d <= STREAM_MAX_DELAY_MS)) return 0;
    *out = d;
    return 1;
}

static void sleep_ms(double ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void proc_echo(out_t *o, span_t args)
{
    out_str(o, ACK_PLAIN);
    out_str(o, "{\"result\":");
    out_put(o, args.s, (size_t)(args.e - args.s));
    out_str(o, "}\n");
}

static void proc_return(out_t *o, span_t args)
{
    span_t v;
    int ok;
    if (*args.s == '[') ok = arr_elements(args, &v, 1) == 1;
    else ok = obj_get(args, "value", &v);
    out_str(o, ACK_PLAIN);
    if (!ok) {
        reply_exception(o, "return: arguments must be [value] or {\"value\":value}");
        return;
    }
    out_str(o, "{\"result\":");
    out_put(o, v.s, (size_t)(v.e - v.s));
    out_str(o, "}\n");
}

static void proc_stream(out_t *o, span_t args)
{
    span_t el[2];
    int have_delay = 0, ok;
    long long count = 0;
    double delay = 0;
    if (*args.s == '[') {
        int n = arr_elements(args, el, 2);
        ok = (n == 1 || n == 2);
        have_delay = n == 2;
    } else {
        ok = obj_get(args, "count", &el[0]);
        have_delay = obj_get(args, "delay_ms", &el[1]);
    }
    ok = ok && parse_count(el[0], STREAM_MAX_COUNT, &count) && (!have_delay || parse_delay(el[1], &delay));
    if (!ok) {
        out_str(o, ACK_PLAIN);
        reply_exception(o, "stream: arguments must be [count] or [count, delay_ms] (count a non-negative integer)");
        return;
    }
    out_str(o, ACK_STREAM);
    char line[64];
    for (long long i = 0; i < count && !o->failed; i++) {
        if (delay > 0) {
            out_flush(o);
            if (i > 0) sleep_ms(delay);
        }
        int n = snprintf(line, sizeof line, "{\"stream\":%lld}\n", i);
        out_put(o, line, (size_t)n);
    }
    if (delay > 0 && count > 0) {
        out_flush(o);
        sleep_ms(delay);
    }
    int n = snprintf(line, sizeof line, "{\"result\":%lld}\n", count);
    out_put(o, line, (size_t)n);
}

/* Handles one request line (without its '\n'), writing the whole reply into o. */
static void handle_line(out_t *o, const unsigned char *line, size_t len)
{
    cur_t c = {line, line + len};
    if (!skip_value(&c, 0) || (ws(&c), c.p != c.end)) {
        reply_error(o, "parse_error", "request is not valid JSON", NULL, 0);
        return;
    }
    c.p = line;
    ws(&c);
    if (*c.p != '{') {
        reply_error(o, "invalid_request", "request is not a JSON object", NULL, 0);
        return;
    }
    span_t root = {c.p, c.end};
    span_t harp = {0}, proc = {0}, args = {0}, auth = {0}, user = {0}, pass = {0};
    int have_harp = 0, have_proc = 0, have_args = 0, have_auth = 0, have_user = 0, have_pass = 0;
    {
        span_t k, v;
        cur_t it = {root.s, root.e};
        open_container(&it);
        while (obj_next(&it, &k, &v)) {
            if (KEY_IS(k, "harp")) harp = v, have_harp = 1;
            else if (KEY_IS(k, "procedure")) proc = v, have_proc = 1;
            else if (KEY_IS(k, "arguments")) args = v, have_args = 1;
            else if (KEY_IS(k, "auth")) auth = v, have_auth = 1;
        }
    }
    if (!have_harp || harp.e - harp.s != 1 || *harp.s != '1') {
        reply_error(o, "invalid_request", "\"harp\" must be 1", NULL, 0);
        return;
    }
    if (!have_proc || !span_is_string(proc)) {
        reply_error(o, "invalid_request", "\"procedure\" must be a string", NULL, 0);
        return;
    }
    if (!have_args || (*args.s != '[' && *args.s != '{')) {
        reply_error(o, "invalid_request", "\"arguments\" must be a list or an object", NULL, 0);
        return;
    }
    if (have_auth && *auth.s == '{') {
        have_user = obj_get(auth, "user", &user) && span_is_string(user);
        have_pass = obj_get(auth, "password", &pass) && span_is_string(pass);
    }
    if (!have_user || !have_pass) {
        reply_error(o, "invalid_request", "\"auth\" must be an object with string \"user\" and \"password\"", NULL, 0);
        return;
    }

    /* Credentials: decoded and compared by length and bytes (never logged). */
    size_t cap = (size_t)(user.e - user.s) + (size_t)(pass.e - pass.s) + (size_t)(proc.e - proc.s);
    unsigned char *scratch = malloc(cap);
    if (!scratch) {
        o->failed = 1;
        return;
    }
    unsigned char *u = scratch;
    size_t ul = decode_string(user, u);
    unsigned char *w = u + ul;
    size_t wl = decode_string(pass, w);
    int auth_ok = ul == user_len && wl == password_len && memcmp(u, cfg.user, ul) == 0 && memcmp(w, cfg.password, wl) == 0;
    OPENSSL_cleanse(w, wl);
    if (!auth_ok) {
        free(scratch);
        reply_error(o, "auth_error", "authentication failed", NULL, 0);
        return;
    }
    unsigned char *pn = w + wl;
    size_t pl = decode_string(proc, pn);
    if (pl == 4 && memcmp(pn, "echo", 4) == 0) proc_echo(o, args);
    else if (pl == 6 && memcmp(pn, "return", 6) == 0) proc_return(o, args);
    else if (pl == 6 && memcmp(pn, "stream", 6) == 0) proc_stream(o, args);
    else reply_error(o, "no_such_procedure", "no such procedure: ", pn, pl);
    free(scratch);
}

/* ------------------------------------------------------------------------------------------ */
/* Connections                                                                                */

typedef struct {
    unsigned char *in;
    size_t in_cap;
    out_t out;
} worker_t;

static void serve(worker_t *wk, int fd)
{
    struct timeval tv = {IO_TIMEOUT_S, 0};
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    atomic_fetch_add_explicit(&n_conn, 1, memory_order_relaxed);

    SSL *ssl = SSL_new(ctx);
    if (!ssl || !SSL_set_fd(ssl, fd)) goto done;
    if (SSL_accept(ssl) != 1) {
        atomic_fetch_add_explicit(&n_handshake_failed, 1, memory_order_relaxed);
        goto done;
    }
    if (SSL_session_reused(ssl)) atomic_fetch_add_explicit(&n_resumed, 1, memory_order_relaxed);

    /* Read one line. The buffer grows up to LINE_MAX_BYTES + 1 so a longer line is detected. */
    size_t len = 0, line_len = 0;
    int have_line = 0, too_long = 0;
    for (;;) {
        if (len == wk->in_cap) {
            if (wk->in_cap >= LINE_MAX_BYTES + 1) {
                too_long = 1;
                break;
            }
            size_t cap = wk->in_cap * 4;
            if (cap > LINE_MAX_BYTES + 1) cap = LINE_MAX_BYTES + 1;
            unsigned char *b = realloc(wk->in, cap);
            if (!b) goto done;
            wk->in = b;
            wk->in_cap = cap;
        }
        size_t room = wk->in_cap - len;
        int n = SSL_read(ssl, wk->in + len, room > INT32_MAX ? INT32_MAX : (int)room);
        if (n <= 0) {
            if (SSL_get_error(ssl, n) == SSL_ERROR_ZERO_RETURN && len > 0) { /* last line without '\n' */
                line_len = len;
                have_line = 1;
                break;
            }
            goto done; /* closed before a request, timeout, or error: nothing to answer */
        }
        unsigned char *nl = memchr(wk->in + len, '\n', (size_t)n);
        len += (size_t)n;
        if (nl) {
            line_len = (size_t)(nl - wk->in);
            have_line = 1;
            break;
        }
    }

    out_t *o = &wk->out;
    o->ssl = ssl;
    o->len = 0;
    o->failed = 0;
    if (too_long || (have_line && line_len > LINE_MAX_BYTES)) {
        reply_error(o, "parse_error", "request line longer than 1048576 bytes", NULL, 0);
    } else {
        atomic_fetch_add_explicit(&n_calls, 1, memory_order_relaxed);
        handle_line(o, wk->in, line_len);
    }
    out_flush(o);
    if (!o->failed) SSL_shutdown(ssl); /* sends close_notify once; does not wait for the peer's */
    o->ssl = NULL;
    if (wk->out.cap > 256 * 1024) { /* do not keep a large reply buffer per thread */
        free(wk->out.buf);
        wk->out.buf = NULL;
        wk->out.cap = 0;
    }

done:
    if (ssl) SSL_free(ssl);
    ERR_clear_error();
    close(fd);
}

static void *worker_main(void *arg)
{
    worker_t wk = {0};
    (void)arg;
    wk.in_cap = 16384;
    wk.in = malloc(wk.in_cap);
    if (!wk.in) return NULL;
    while (!atomic_load(&stopping)) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (atomic_load(&stopping)) break;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                struct timespec ts = {0, 10 * 1000 * 1000};
                nanosleep(&ts, NULL);
            }
            continue;
        }
        atomic_fetch_add(&active, 1);
        serve(&wk, fd);
        atomic_fetch_sub(&active, 1);
        if (wk.in_cap > 64 * 1024) { /* a huge request was read: give the memory back */
            unsigned char *b = realloc(wk.in, 16384);
            if (b) {
                wk.in = b;
                wk.in_cap = 16384;
            }
        }
    }
    free(wk.in);
    free(wk.out.buf);
    return NULL;
}

static void *stdin_watch(void *arg)
{
    char buf[4096];
    (void)arg;
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
    kill(getpid(), SIGTERM);
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* TLS setup                                                                                  */

static void die_ssl(const char *what)
{
    fprintf(stderr, "fastharpd: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static void self_signed(X509 **cert_out, EVP_PKEY **key_out)
{
    EVP_PKEY *pkey = cfg.rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
    X509 *x = X509_new();
    BIGNUM *serial = BN_new();
    if (!pkey || !x || !serial) die_ssl("cannot generate a key");
    if (!BN_rand(serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) || !BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x)))
        die_ssl("cannot set a serial number");
    BN_free(serial);
    X509_set_version(x, 2);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 10L * 365 * 86400);
    X509_set_pubkey(x, pkey);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"fastharpd", -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
    if (!ext || !X509_add_ext(x, ext, -1)) die_ssl("cannot add subjectAltName");
    X509_EXTENSION_free(ext);
    if (!X509_sign(x, pkey, EVP_sha256())) die_ssl("cannot sign the certificate");
    *cert_out = x;
    *key_out = pkey;
}

/* TLS 1.2 resumes by session ID from the server cache (no tickets: the client then has no new
 * session to store); TLS 1.3 gets one stateless ticket. OpenSSL has no per-version switch, so
 * tickets are turned off per connection when the client does not offer TLS 1.3. */
static int client_hello_cb(SSL *s, int *alert, void *arg)
{
    const unsigned char *ext;
    size_t len;
    int offers_13 = 0;
    (void)alert;
    (void)arg;
    if (cfg.max_tls >= TLS1_3_VERSION && SSL_client_hello_get0_ext(s, TLSEXT_TYPE_supported_versions, &ext, &len) && len >= 1) {
        size_t list_len = ext[0];
        for (size_t i = 1; i + 1 < len && i + 1 <= list_len; i += 2)
            if (ext[i] == 0x03 && ext[i + 1] == 0x04) offers_13 = 1;
    }
    if (!offers_13) SSL_set_options(s, SSL_OP_NO_TICKET);
    return SSL_CLIENT_HELLO_SUCCESS;
}

static void setup_tls(void)
{
    ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) die_ssl("SSL_CTX_new failed");
    SSL_CTX_set_min_proto_version(ctx, cfg.min_tls);
    SSL_CTX_set_max_proto_version(ctx, cfg.max_tls);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | (cfg.no_tickets ? SSL_OP_NO_TICKET : 0));

    if (cfg.cert_file) {
        if (SSL_CTX_use_certificate_chain_file(ctx, cfg.cert_file) != 1) die_ssl("cannot load --cert");
        if (SSL_CTX_use_PrivateKey_file(ctx, cfg.key_file, SSL_FILETYPE_PEM) != 1) die_ssl("cannot load --key");
    } else {
        X509 *x;
        EVP_PKEY *k;
        self_signed(&x, &k);
        if (SSL_CTX_use_certificate(ctx, x) != 1 || SSL_CTX_use_PrivateKey(ctx, k) != 1) die_ssl("cannot use the certificate");
        if (cfg.write_cert) {
            FILE *f = fopen(cfg.write_cert, "w");
            if (!f || !PEM_write_X509(f, x) || fclose(f) != 0) {
                perror(cfg.write_cert);
                exit(1);
            }
        }
        X509_free(x);
        EVP_PKEY_free(k);
    }
    if (SSL_CTX_check_private_key(ctx) != 1) die_ssl("certificate and key do not match");

    /* TLS 1.2 session-ID resumption: a server-side cache. TLS 1.3: one stateless ticket per
     * connection (the dispatcher uses one), or with --no-tickets stateful ones (from the cache). */
    static const unsigned char sid_ctx[] = "fastharpd";
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
    SSL_CTX_sess_set_cache_size(ctx, 20480);
    SSL_CTX_set_timeout(ctx, 3600);
    SSL_CTX_set_num_tickets(ctx, 1);
    SSL_CTX_set_client_hello_cb(ctx, client_hello_cb, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Command line and main                                                                      */

static void usage(FILE *f)
{
    fputs("usage: fastharpd [--port P] [--bind ADDR] [--user U] [--password W] [--threads N]\n"
          "                 [--tls 1.2|1.3|1.2,1.3] [--cert FILE --key FILE] [--key-type ec|rsa]\n"
          "                 [--write-cert FILE] [--no-tickets] [--exit-on-stdin-eof]\n"
          "defaults: --port 0 (a free port) --bind 127.0.0.1 --user rpc --password secret\n"
          "          --threads 64 --tls 1.2,1.3 (the versions offered) --key-type ec\n"
          "Prints \"listening <port>\" once ready. Procedures: echo, return [V], stream [N(, delay_ms)].\n",
          f);
}

static void bad_usage(const char *msg, const char *opt)
{
    fprintf(stderr, "fastharpd: %s%s\n", msg, opt ? opt : "");
    usage(stderr);
    exit(2);
}

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *a = argv[i], *val = NULL;
        char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
#define IS(opt) (name_len == sizeof(opt) - 1 && strncmp(a, opt, name_len) == 0)
#define VALUE() (val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : (bad_usage("missing value for ", a), (char *)NULL)))
        if (IS("--help") || IS("-h")) {
            usage(stdout);
            exit(0);
        } else if (IS("--port")) cfg.port = VALUE();
        else if (IS("--bind")) cfg.bind_addr = VALUE();
        else if (IS("--user")) cfg.user = VALUE();
        else if (IS("--password")) cfg.password = VALUE();
        else if (IS("--cert")) cfg.cert_file = VALUE();
        else if (IS("--key")) cfg.key_file = VALUE();
        else if (IS("--write-cert")) cfg.write_cert = VALUE();
        else if (IS("--threads")) {
            char *end;
            long n = strtol(VALUE(), &end, 10);
            if (*end || n < 1 || n > 4096) bad_usage("--threads must be 1..4096", NULL);
            cfg.threads = (int)n;
        } else if (IS("--tls")) { /* like the .NET test harpd: the versions offered, "1.2", "1.3" or "1.2,1.3" */
            VALUE();
            if (strcmp(val, "1.2") == 0) cfg.min_tls = cfg.max_tls = TLS1_2_VERSION;
            else if (strcmp(val, "1.3") == 0) cfg.min_tls = cfg.max_tls = TLS1_3_VERSION;
            else if (strcmp(val, "1.2,1.3") == 0 || strcmp(val, "1.3,1.2") == 0) cfg.min_tls = TLS1_2_VERSION, cfg.max_tls = TLS1_3_VERSION;
            else bad_usage("--tls must be 1.2, 1.3 or 1.2,1.3", NULL);
        } else if (IS("--key-type")) {
            VALUE();
            if (strcmp(val, "ec") == 0) cfg.rsa = 0;
            else if (strcmp(val, "rsa") == 0) cfg.rsa = 1;
            else bad_usage("--key-type must be ec or rsa", NULL);
        } else if (IS("--no-tickets")) cfg.no_tickets = 1;
        else if (IS("--exit-on-stdin-eof")) cfg.exit_on_stdin_eof = 1;
        else bad_usage("unknown option ", eq ? "(see usage)" : a); /* never echo a --password=... */
#undef IS
#undef VALUE
    }
    if (!cfg.cert_file != !cfg.key_file) bad_usage("--cert and --key go together", NULL);
    if (cfg.write_cert && cfg.cert_file) bad_usage("--write-cert is for the generated certificate", NULL);
    user_len = strlen(cfg.user);
    password_len = strlen(cfg.password);
}

static void setup_listener(void)
{
    struct addrinfo hints = {0}, *ai;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
    int rc = getaddrinfo(cfg.bind_addr, cfg.port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "fastharpd: --bind %s --port %s: %s\n", cfg.bind_addr, cfg.port, gai_strerror(rc));
        exit(2);
    }
    listen_fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (listen_fd < 0 || setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0
        || bind(listen_fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(listen_fd, 1024) != 0) {
        perror("fastharpd: listen");
        exit(1);
    }
    freeaddrinfo(ai);
}

static int bound_port(void)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(listen_fd, (struct sockaddr *)&ss, &sl) != 0) {
        perror("fastharpd: getsockname");
        exit(1);
    }
    return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN);

    /* All threads inherit the blocked set; main receives SIGTERM/SIGINT in sigwait. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    setup_tls();
    setup_listener();

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < cfg.threads; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, worker_main, NULL) != 0) {
            perror("fastharpd: pthread_create");
            exit(1);
        }
    }
    if (cfg.exit_on_stdin_eof) {
        pthread_t t;
        if (pthread_create(&t, &attr, stdin_watch, NULL) != 0) {
            perror("fastharpd: pthread_create");
            exit(1);
        }
    }
    pthread_attr_destroy(&attr);

    printf("listening %d\n", bound_port());
    fflush(stdout);

    int sig = 0;
    sigwait(&set, &sig);

    /* Stop accepting (wakes the workers blocked in accept), let calls in progress finish for
     * up to 2 s, then leave without tearing OpenSSL down under threads that may still use it. */
    atomic_store(&stopping, 1);
    shutdown(listen_fd, SHUT_RDWR);
    for (int i = 0; i < 200 && atomic_load(&active) > 0; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "fastharpd: stopping (%s): %llu connections, %llu resumed, %llu handshake failures, %llu calls, %llu error replies\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM", (unsigned long long)n_conn, (unsigned long long)n_resumed,
            (unsigned long long)n_handshake_failed, (unsigned long long)n_calls, (unsigned long long)n_errors);
    fflush(stderr);
    _exit(0);
}
