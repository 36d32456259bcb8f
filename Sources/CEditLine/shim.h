#ifndef SQ_CEDITLINE_SHIM_H
#define SQ_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>

/* el_set, el_get and history are variadic: Swift cannot call them, so each
   operation SQ needs gets a fixed-signature wrapper here. */
typedef char *(*sq_el_prompt_fn)(EditLine *);

/* The C streams are globals Swift 6 will not touch; hand them over here. */
static inline EditLine *sq_el_init_stdio(const char *program) { return el_init(program, stdin, stdout, stderr); }
typedef unsigned char (*sq_el_command_fn)(EditLine *, int);

static inline int sq_el_set_prompt(EditLine *e, sq_el_prompt_fn f) { return el_set(e, EL_PROMPT, f); }
static inline int sq_el_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }
static inline int sq_el_set_history(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }
static inline int sq_el_set_signal(EditLine *e, int on) { return el_set(e, EL_SIGNAL, on); }
static inline int sq_el_add_function(EditLine *e, const char *name, const char *help, sq_el_command_fn f) {
    return el_set(e, EL_ADDFN, name, help, f);
}
static inline int sq_el_bind(EditLine *e, const char *key, const char *fn) { return el_set(e, EL_BIND, key, fn, NULL); }
static inline int sq_el_set_clientdata(EditLine *e, void *data) { return el_set(e, EL_CLIENTDATA, data); }
static inline void *sq_el_get_clientdata(EditLine *e) { void *d = NULL; el_get(e, EL_CLIENTDATA, &d); return d; }

static inline int sq_history_set_size(History *h, HistEvent *ev, int n) { return history(h, ev, H_SETSIZE, n); }
static inline int sq_history_set_unique(History *h, HistEvent *ev, int on) { return history(h, ev, H_SETUNIQUE, on); }
static inline int sq_history_enter(History *h, HistEvent *ev, const char *line) { return history(h, ev, H_ENTER, line); }
static inline int sq_history_load(History *h, HistEvent *ev, const char *path) { return history(h, ev, H_LOAD, path); }
static inline int sq_history_save(History *h, HistEvent *ev, const char *path) { return history(h, ev, H_SAVE, path); }
#endif
