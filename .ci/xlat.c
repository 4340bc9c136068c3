/*
 * xlat measures how long the X display takes to settle after an input
 * event: the time from a fake input event (XTest) to the last frame that
 * changed what is on the screen (XDamage on the root window, each damaged
 * frame read back with MIT-SHM and compared with the one before). It is
 * the GUI latency benchmark of BENCHMARKS.md (.ci/measure-client runs it).
 *
 *   xlat [OPTIONS] ACTION [ARG...]
 *
 * Actions (the clock starts at the last event the action sends):
 *   click X Y        a left click at X,Y
 *   dclick X Y       a double click at X,Y (the clock starts at the second)
 *   key KEY          a key, e.g. Return, Tab, ctrl+s, shift+Tab
 *   type TEXT        types ASCII text (the clock starts at the last key)
 *   exec CMD ARG...  starts a process (the clock starts before fork); its
 *                    process id goes to --pidfile, its standard output to
 *                    xlat's standard error
 *   none             no input: waits until the screen has not changed for
 *                    the settle time
 *
 * Options:
 *   --settle MS    the screen must stay unchanged this long after the
 *                  last change (default 800); before the first change
 *                  xlat waits up to the timeout
 *   --timeout MS   gives up this long after the input (default 15000)
 *   --before MS    waits first until the screen has not changed for MS
 *                  (default 300; at most 10 s)
 *   --region X,Y,W,H  only changes inside count (repeatable)
 *   --ignore X,Y,W,H  changes inside do not count (repeatable)
 *   --content X,Y,W,H also reports the last change inside this rectangle
 *   --map 1        the action opens a window: the screen settles only after
 *                  a new window was mapped (a window that takes longer to
 *                  appear than the settle time is still waited for)
 *   --pidfile FILE    where exec writes the process id
 *   --verbose 1       lists every changed frame on stderr
 *
 * A change is a frame that differs from the one before outside the
 * ignored rectangles; a difference no wider than 3 pixels (a text cursor
 * blinking) is not one.
 *
 * Output, one line: "last=MS first=MS frames=N" (milliseconds from the
 * input event to the last and the first changed frame, and the number of
 * changed frames), with --content " content=MS" (the last changed frame
 * that changed something inside it); -1 when nothing changed before the
 * timeout.
 * Exit status 0, or 1 on a timeout (nothing changed, or the screen kept
 * changing).
 *
 * Build: cc -O2 -o xlat xlat.c -lX11 -lXext -lXdamage -lXtst
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/XTest.h>
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

typedef struct { int x, y, w, h; } rect;

static Display *dpy;
static Window root;
static int damageEvent, damageError;
static Damage damage;
static XImage *img;
static XShmSegmentInfo shm;
static uint32_t *prev;
static int width, height;
static int verbose;
static int bx, by, bw, bh; /* the last change's bounding box */

static rect regions[16], ignores[16], content;
static int nregions, nignores, hasContent;
static double contentAt; /* the last change inside content */
static int mapWait, mapped; /* --map, and whether a window was mapped */

static double now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *msg) {
	fprintf(stderr, "xlat: %s\n", msg);
	exit(2);
}

static rect parse_rect(const char *s) {
	rect r;
	if (sscanf(s, "%d,%d,%d,%d", &r.x, &r.y, &r.w, &r.h) != 4) die("a rectangle is X,Y,W,H");
	return r;
}

static int inside(const rect *r, int x, int y) {
	return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

static int counts(int x, int y) {
	int i;
	for (i = 0; i < nignores; i++)
		if (inside(&ignores[i], x, y)) return 0;
	if (nregions == 0) return 1;
	for (i = 0; i < nregions; i++)
		if (inside(&regions[i], x, y)) return 1;
	return 0;
}

/* grab reads the screen and reports whether it changed since the last
 * grab beyond a text cursor's width. */
static int grab(void) {
	int x, y, minx = width, maxx = -1, miny = -1, maxy = -1, inContent = 0;
	uint32_t *cur;
	if (!XShmGetImage(dpy, root, img, 0, 0, AllPlanes)) die("XShmGetImage failed");
	cur = (uint32_t *)img->data;
	for (y = 0; y < height; y++) {
		uint32_t *a = cur + (size_t)y * (img->bytes_per_line / 4), *b = prev + (size_t)y * width;
		if (memcmp(a, b, (size_t)width * 4) == 0) continue;
		for (x = 0; x < width; x++) {
			if (a[x] != b[x] && counts(x, y)) {
				if (hasContent && inside(&content, x, y)) inContent = 1;
				if (x < minx) minx = x;
				if (x > maxx) maxx = x;
				if (miny < 0) miny = y;
				maxy = y;
			}
		}
		memcpy(b, a, (size_t)width * 4);
	}
	bx = minx, by = miny, bw = maxx - minx + 1, bh = maxy - miny + 1;
	if (maxx >= 0 && maxx - minx >= 3) return inContent ? 2 : 1;
	return 0;
}

/* wait_damage waits up to ms for drawing on the screen; it reports
 * whether there was some. */
static int wait_damage(double ms) {
	struct pollfd p = {ConnectionNumber(dpy), POLLIN, 0};
	double until = now_ms() + ms;
	for (;;) {
		int got = 0;
		while (XPending(dpy)) {
			XEvent ev;
			XNextEvent(dpy, &ev);
			if (ev.type == damageEvent + XDamageNotify) got = 1;
			if (ev.type == MapNotify) mapped = 1;
		}
		if (got) {
			XDamageSubtract(dpy, damage, None, None);
			XFlush(dpy);
			return 1;
		}
		double left = until - now_ms();
		if (left <= 0) return 0;
		if (poll(&p, 1, (int)left + 1) < 0 && errno != EINTR) die("poll");
	}
}

/* settle waits until the screen has not changed for quiet ms, at most
 * limit ms; it returns the time of the last change (0 if none). */
static double settle(double quiet, double limit, int needChange, double *first, int *frames, int *timedout) {
	double start = now_ms(), last = 0;
	*timedout = 0;
	for (;;) {
		double t = now_ms();
		double since = last > 0 ? last : start;
		if (t - since >= quiet && (last > 0 || !needChange) && (!mapWait || mapped)) return last;
		if (t - start >= limit) {
			*timedout = 1;
			return last;
		}
		double wait = quiet - (t - since);
		if (wait <= 0) wait = limit;
		if (t + wait > start + limit) wait = start + limit - t;
		if (wait_damage(wait)) {
			double at = now_ms();
			int changed = grab();
			if (changed) {
				if (changed == 2) contentAt = at;
				if (verbose) {
					struct timespec wall;
					clock_gettime(CLOCK_REALTIME, &wall);
					fprintf(stderr, "xlat: +%.0f ms (%02ld.%03ld) changed %d,%d %dx%d\n", at - start,
						(long)(wall.tv_sec % 60), wall.tv_nsec / 1000000, bx, by, bw, bh);
				}
				if (*first == 0) *first = at;
				last = at;
				(*frames)++;
			}
		}
	}
}

static KeyCode keycode(const char *name) {
	KeySym sym = XStringToKeysym(name);
	if (sym == NoSymbol) {
		fprintf(stderr, "xlat: unknown key %s\n", name);
		exit(2);
	}
	return XKeysymToKeycode(dpy, sym);
}

/* key presses and releases a key with its modifiers (ctrl+shift+s). */
static void key(const char *spec) {
	char buf[128], *parts[8];
	int n = 0, i;
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *p = strtok(buf, "+"); p && n < 8; p = strtok(NULL, "+")) parts[n++] = p;
	KeyCode codes[8];
	for (i = 0; i < n; i++) {
		const char *k = parts[i];
		if (i < n - 1) {
			if (!strcasecmp(k, "ctrl")) k = "Control_L";
			else if (!strcasecmp(k, "shift")) k = "Shift_L";
			else if (!strcasecmp(k, "alt")) k = "Alt_L";
		}
		codes[i] = keycode(k);
	}
	for (i = 0; i < n; i++) XTestFakeKeyEvent(dpy, codes[i], True, CurrentTime);
	for (i = n - 1; i >= 0; i--) XTestFakeKeyEvent(dpy, codes[i], False, CurrentTime);
	XSync(dpy, False);
}

static void type(const char *text) {
	for (const char *c = text; *c; c++) {
		char name[2] = {*c, 0};
		if (isupper((unsigned char)*c)) {
			char spec[16];
			snprintf(spec, sizeof spec, "shift+%c", *c);
			key(spec);
		} else if (*c == ' ') {
			key("space");
		} else {
			key(name);
		}
		usleep(15000);
	}
}

static void click(int x, int y) {
	XTestFakeMotionEvent(dpy, -1, x, y, CurrentTime);
	XTestFakeButtonEvent(dpy, 1, True, CurrentTime);
	XSync(dpy, False);
	usleep(30000);
	XTestFakeButtonEvent(dpy, 1, False, CurrentTime);
	XSync(dpy, False);
}

int main(int argc, char **argv) {
	double settleMs = 800, timeoutMs = 15000, beforeMs = 300;
	const char *pidfile = NULL;
	int i = 1;
	for (; i < argc && !strncmp(argv[i], "--", 2) && argv[i][2]; i += 2) {
		if (i + 1 >= argc) die("an option needs a value");
		if (!strcmp(argv[i], "--settle")) settleMs = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--timeout")) timeoutMs = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--before")) beforeMs = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--region") && nregions < 16) regions[nregions++] = parse_rect(argv[i + 1]);
		else if (!strcmp(argv[i], "--ignore") && nignores < 16) ignores[nignores++] = parse_rect(argv[i + 1]);
		else if (!strcmp(argv[i], "--map")) mapWait = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--content")) content = parse_rect(argv[i + 1]), hasContent = 1;
		else if (!strcmp(argv[i], "--pidfile")) pidfile = argv[i + 1];
		else if (!strcmp(argv[i], "--verbose")) verbose = atoi(argv[i + 1]);
		else die("unknown option");
	}
	if (i >= argc) die("no action");

	if (!(dpy = XOpenDisplay(NULL))) die("cannot open the display");
	int major, minor, ev, err;
	Bool pixmaps;
	if (!XDamageQueryExtension(dpy, &damageEvent, &damageError)) die("no DAMAGE extension");
	if (!XTestQueryExtension(dpy, &ev, &err, &major, &minor)) die("no XTEST extension");
	if (!XShmQueryVersion(dpy, &major, &minor, &pixmaps)) die("no MIT-SHM extension");
	root = DefaultRootWindow(dpy);
	XWindowAttributes wa;
	XGetWindowAttributes(dpy, root, &wa);
	width = wa.width;
	height = wa.height;
	img = XShmCreateImage(dpy, wa.visual, wa.depth, ZPixmap, NULL, &shm, width, height);
	if (!img || img->bits_per_pixel != 32) die("needs a 24- or 32-bit screen");
	shm.shmid = shmget(IPC_PRIVATE, (size_t)img->bytes_per_line * height, IPC_CREAT | 0600);
	if (shm.shmid < 0) die("shmget");
	shm.shmaddr = img->data = shmat(shm.shmid, NULL, 0);
	shm.readOnly = False;
	if (!XShmAttach(dpy, &shm)) die("XShmAttach");
	XSync(dpy, False);
	shmctl(shm.shmid, IPC_RMID, NULL);
	prev = calloc((size_t)width * height, 4);
	damage = XDamageCreate(dpy, root, XDamageReportNonEmpty);
	XSync(dpy, False);

	double first = 0, last;
	int frames = 0, timedout;
	grab();
	if (beforeMs > 0) {
		settle(beforeMs, 10000, 0, &first, &frames, &timedout);
		if (timedout) fprintf(stderr, "xlat: the screen kept changing before the input\n");
	}
	first = 0;
	frames = 0;
	contentAt = 0;
	if (mapWait) {
		XSelectInput(dpy, root, SubstructureNotifyMask);
		XSync(dpy, False);
	}

	const char *act = argv[i];
	double t0;
	if (!strcmp(act, "click") && i + 2 < argc) {
		click(atoi(argv[i + 1]), atoi(argv[i + 2]));
	} else if (!strcmp(act, "dclick") && i + 2 < argc) {
		click(atoi(argv[i + 1]), atoi(argv[i + 2]));
		usleep(80000);
		click(atoi(argv[i + 1]), atoi(argv[i + 2]));
	} else if (!strcmp(act, "key") && i + 1 < argc) {
		key(argv[i + 1]);
	} else if (!strcmp(act, "type") && i + 1 < argc) {
		type(argv[i + 1]);
	} else if (!strcmp(act, "exec") && i + 1 < argc) {
		t0 = now_ms();
		pid_t pid = fork();
		if (pid < 0) die("fork");
		if (pid == 0) {
			dup2(2, 1);
			setsid();
			execvp(argv[i + 1], argv + i + 1);
			_exit(127);
		}
		if (pidfile) {
			FILE *f = fopen(pidfile, "w");
			if (f) {
				fprintf(f, "%d\n", (int)pid);
				fclose(f);
			}
		}
		goto measure;
	} else if (strcmp(act, "none")) {
		die("unknown action or missing arguments");
	}
	t0 = now_ms();
measure:
	if (verbose) {
		struct timespec wall;
		clock_gettime(CLOCK_REALTIME, &wall);
		fprintf(stderr, "xlat: input at %02ld.%03ld\n", (long)(wall.tv_sec % 60), wall.tv_nsec / 1000000);
	}
	last = settle(settleMs, timeoutMs, strcmp(act, "none") != 0, &first, &frames, &timedout);
	if (last == 0) printf("last=-1 first=-1 frames=0");
	else printf("last=%.0f first=%.0f frames=%d", last - t0, first - t0, frames);
	if (hasContent) printf(" content=%.0f", contentAt > 0 ? contentAt - t0 : -1);
	printf("\n");
	fflush(stdout);
	XShmDetach(dpy, &shm);
	shmdt(shm.shmaddr);
	XCloseDisplay(dpy);
	return timedout ? 1 : 0;
}
