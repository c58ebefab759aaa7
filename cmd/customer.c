/*
 * customer.c: the verbs only customers have: notes, which service keeps
 * for customers who do not pay yet.
 */
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "text.h"
#include "banned.h"

struct note {
	const char *text;
	struct bops_buf what;
};

static const struct bops_error *
apply_note(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct note *n = arg;
	struct bops_node *log = bops_record_get(rec, "notes"), *e;
	struct bops_buf now = BOPS_BUF_INIT;
	const char *name, *email;

	(void)txn;
	if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		return err;
	if (log == NULL) {
		log = bops_node_new_seq();
		bops_node_map_set(rec->root, "notes", log);
	}
	bops_instant_format(&now, ctx->ws->now);
	e = bops_node_new_map();
	bops_node_map_set_str(e, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(e, "by", name, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(e, "text", n->text, BOPS_SCALAR_TEXT);
	bops_node_seq_append(log, e);
	bops_buf_puts(&n->what, "note ");
	bops_text_put_quoted(&n->what, n->text, 50);
	bops_buf_release(&now);
	return NULL;
}

static const struct bops_error *
customer_note(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *s;
	const struct bops_field *f;
	struct bops_buf text = BOPS_BUF_INIT, canon = BOPS_BUF_INIT;
	struct bops_input_ctx ictx;
	enum bops_scalar_style style;
	struct note n = { NULL, BOPS_BUF_INIT };

	if ((err = read_text(&text, a->argv[2])) ||
	    (err = bops_ws_schema(&s, ctx->ws, kind)))
		goto done;
	/* The text is checked as the log's text before the lock. */
	f = bops_schema_field(bops_schema_field(s, "notes")->sub, "text");
	bops_ws_input_ctx(ctx->ws, &ictx);
	if ((err = bops_schema_input(&canon, &style, f, text.ptr, &ictx))) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "the text: %s",
		    strncmp(err->msg, "field 'text': ", 14) ? err->msg :
		    err->msg + 14);
		goto done;
	}
	n.text = text.ptr;
	err = record_change(ctx, kind, a->argv[1], apply_note, &n, &n.what,
	    NULL);
done:
	bops_buf_release(&text);
	bops_buf_release(&canon);
	bops_buf_release(&n.what);
	return err;
}

const struct bops_verb customer_verbs[] = {
	VERB("note", customer_note, "ID TEXT", 2, 2, NULL,
	    "add a note on a customer (TEXT - reads it from standard input)"),
	VERBS_END,
};
