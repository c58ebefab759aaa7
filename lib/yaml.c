/*
 * yaml.c: the bops YAML profile over libyaml's event parser, and the
 * canonical emitter.
 *
 * The loader streams events rather than calling yaml_parser_load: the
 * profile (anchors, tags, depth, duplicate keys) is enforced as the events
 * arrive, so a hostile file is refused before a large tree is built, and
 * every error has the mark of the event at fault.  The bytes are checked
 * before libyaml sees them, because libyaml reads U+0085, U+2028 and
 * U+2029 as line breaks and skips U+FEFF at the start of a line: letting
 * those through would shift positions and change text silently.
 *
 * The emitter writes the text itself.  libyaml's emitter chooses styles by
 * its own rules (it escapes characters outside the BMP and folds long
 * lines), and the canonical bytes must not depend on them.  Every choice
 * made here is checked by reading the text back with libyaml in the unit
 * test.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "error.h"
#include "node.h"
#include "text.h"
#include "yaml.h"
#include "banned.h"

/* libyaml refuses a simple key longer than 1024 characters. */
#define MAX_SIMPLE_KEY 1000
/* Keys quoted in messages are cut to this many bytes. */
#define MAX_MSG_KEY 64

/* One character of s (len > 0): its length, or 0 when not UTF-8. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	return bops_text_decode((const char *)s, len, cp);
}

/* C0 except tab and newline, DEL, C1 (U+0085 included). */
static bool
is_control(uint32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
}

/* Characters that libyaml takes as line breaks, a BOM, or refuses. */
static bool
is_special(uint32_t c)
{
	return c == 0x2028 || c == 0x2029 || c == 0xfeff || c == 0xfffe ||
	    c == 0xffff;
}

static const struct bops_error *
error_at(const char *path, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static const struct bops_error *
error_at(const char *path, size_t line, size_t col, const char *fmt, ...)
{
	const struct bops_error *err;
	struct bops_buf msg = BOPS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%zu:%zu: %s", path, line,
	    col, msg.ptr);
	bops_buf_release(&msg);
	return err;
}

static const struct bops_error *
error_mark(const char *path, const yaml_mark_t *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static const struct bops_error *
error_mark(const char *path, const yaml_mark_t *m, const char *fmt, ...)
{
	const struct bops_error *err;
	struct bops_buf msg = BOPS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	err = error_at(path, m->line + 1, m->column + 1, "%s", msg.ptr);
	bops_buf_release(&msg);
	return err;
}

/* Git's markers; a bare marker at the end of a line counts too. */
static bool
is_conflict_marker(const unsigned char *s, size_t len)
{
	static const char *const marks[] = { "<<<<<<<", ">>>>>>>", "|||||||" };
	size_t i;

	if (len < 7)
		return false;
	if (memcmp(s, "=======", 7) == 0)
		return len == 7 || s[7] == '\n';
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (memcmp(s, marks[i], 7) == 0)
			return len == 7 || s[7] == ' ' || s[7] == '\n';
	return false;
}

/* The byte-level part of the profile, in one pass, first fault wins. */
static const struct bops_error *
check_bytes(const char *path, const unsigned char *s, size_t len)
{
	size_t i = 0, n, line = 1, col = 1;
	uint32_t c;

	while (i < len) {
		if (col == 1 && is_conflict_marker(s + i, len - i))
			return error_at(path, line, col,
			    "merge conflict marker");
		if (s[i] < 0x80) {
			/* Most bytes: no call to decode them. */
			c = s[i];
			n = 1;
		} else if ((n = utf8_decode(s + i, len - i, &c)) == 0)
			return error_at(path, line, col,
			    "invalid utf-8 byte 0x%02x", s[i]);
		if (is_control(c))
			return error_at(path, line, col,
			    "control character U+%04X", (unsigned)c);
		if (is_special(c))
			return error_at(path, line, col,
			    "character U+%04X not allowed", (unsigned)c);
		i += n;
		if (c == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	return NULL;
}

/*
 * Find the first control character (NUL included) of a scalar's
 * well-formed text.  Only escapes make one: check_bytes has refused
 * every control character of the file, so a scalar in any other style
 * than double-quoted has none.
 */
static bool
find_control(const yaml_event_t *ev, uint32_t *found)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t i = 0, n, len = ev->data.scalar.length;
	uint32_t c;

	if (ev->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		return false;
	while (i < len) {
		if ((n = utf8_decode((const unsigned char *)s + i, len - i,
		    &c)) == 0)
			return false;
		if (is_control(c)) {
			*found = c;
			return true;
		}
		i += n;
	}
	return false;
}

/* A key short enough for a message, cut between characters. */
static void
put_msg_key(struct bops_buf *b, const char *key)
{
	bops_text_put_cut(b, key, strlen(key), MAX_MSG_KEY, "...");
}

/* Loading. */

struct frame {
	struct bops_node *node;
	char *key;		/* map: the key waiting for its value */
	size_t key_line, key_col;
};

struct loader {
	const char *path;
	struct frame stack[BOPS_YAML_MAX_DEPTH];
	size_t depth;
	struct bops_node *root;
	unsigned ndocs;
};

static const struct bops_error *
on_key(struct loader *ld, struct frame *top, const yaml_event_t *ev)
{
	const char *key;
	size_t len;
	uint32_t c;
	struct bops_buf msg = BOPS_BUF_INIT;
	const struct bops_error *err;

	if (ev->type != YAML_SCALAR_EVENT)
		return error_mark(ld->path, &ev->start_mark,
		    "key is not a scalar");
	key = (const char *)ev->data.scalar.value;
	len = ev->data.scalar.length;
	if (find_control(ev, &c))
		return error_mark(ld->path, &ev->start_mark,
		    "control character U+%04X", (unsigned)c);
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    strcmp(key, "<<") == 0)
		return error_mark(ld->path, &ev->start_mark,
		    "merge key not allowed");
	/* The map's index (node.h) keeps this linear in its size. */
	if (bops_node_map_index(top->node, key) >= 0) {
		put_msg_key(&msg, key);
		err = error_mark(ld->path, &ev->start_mark,
		    "duplicate key '%s'", msg.ptr);
		bops_buf_release(&msg);
		return err;
	}
	top->key = bops_strndup(key, len);
	top->key_line = ev->start_mark.line + 1;
	top->key_col = ev->start_mark.column + 1;
	return NULL;
}

/* Hang a new node under the top of the stack, or make it the root. */
static const struct bops_error *
attach(struct loader *ld, struct bops_node *node, const yaml_event_t *ev)
{
	struct frame *top;

	if (ld->depth == 0) {
		if (node->type == BOPS_NODE_MAP) {
			ld->root = node;
			return NULL;
		}
		if (node->type == BOPS_NODE_SCALAR && node->len == 0 &&
		    !node->quoted) {
			bops_node_free(node);
			return error_at(ld->path, 1, 1, "empty document");
		}
		bops_node_free(node);
		return error_mark(ld->path, &ev->start_mark,
		    "root is not a mapping");
	}
	top = &ld->stack[ld->depth - 1];
	if (top->node->type == BOPS_NODE_SEQ) {
		bops_node_seq_append(top->node, node);
		return NULL;
	}
	node->key_line = (unsigned)top->key_line;
	node->key_col = (unsigned)top->key_col;
	bops_node_map_insert(top->node, top->node->n, top->key, node);
	free(top->key);
	top->key = NULL;
	return NULL;
}

static const struct bops_error *
on_node(struct loader *ld, const yaml_event_t *ev)
{
	struct frame *top = ld->depth ? &ld->stack[ld->depth - 1] : NULL;
	struct bops_node *node;
	const yaml_char_t *anchor, *tag;
	const struct bops_error *err;
	uint32_t c;

	if (ev->type == YAML_SCALAR_EVENT) {
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	if (anchor)
		return error_mark(ld->path, &ev->start_mark,
		    "anchor not allowed");
	if (tag)
		return error_mark(ld->path, &ev->start_mark,
		    "tag not allowed");
	if (top && top->node->type == BOPS_NODE_MAP && top->key == NULL)
		return on_key(ld, top, ev);
	if (ev->type != YAML_SCALAR_EVENT && ld->depth >= BOPS_YAML_MAX_DEPTH)
		return error_mark(ld->path, &ev->start_mark,
		    "nesting too deep (at most %d)", BOPS_YAML_MAX_DEPTH);

	if (ev->type == YAML_SCALAR_EVENT) {
		if (find_control(ev, &c))
			return error_mark(ld->path, &ev->start_mark,
			    "control character U+%04X", (unsigned)c);
		node = bops_node_new_scalarn(
		    (const char *)ev->data.scalar.value,
		    ev->data.scalar.length, BOPS_SCALAR_TEXT);
		node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT)
		node = bops_node_new_seq();
	else
		node = bops_node_new_map();
	node->line = (unsigned)ev->start_mark.line + 1;
	node->col = (unsigned)ev->start_mark.column + 1;
	if ((err = attach(ld, node, ev)))
		return err;
	if (node->type != BOPS_NODE_SCALAR) {
		memset(&ld->stack[ld->depth], 0, sizeof(ld->stack[0]));
		ld->stack[ld->depth++].node = node;
	}
	return NULL;
}

static const struct bops_error *
on_event(struct loader *ld, const yaml_event_t *ev, bool *finished)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		*finished = true;
		if (ld->ndocs == 0)
			return error_at(ld->path, 1, 1, "empty document");
		return NULL;
	case YAML_DOCUMENT_START_EVENT:
		if (ld->ndocs++ > 0)
			return error_mark(ld->path, &ev->start_mark,
			    "more than one document");
		return NULL;
	case YAML_ALIAS_EVENT:
		return error_mark(ld->path, &ev->start_mark,
		    "alias not allowed");
	case YAML_SCALAR_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_node(ld, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		ld->depth--;
		return NULL;
	default:
		return NULL;
	}
}

/* Line and column of a byte offset, for reader errors. */
static void
offset_mark(const char *data, size_t len, size_t off, size_t *line,
    size_t *col)
{
	size_t i;

	*line = *col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (data[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80)
			++*col;
	}
}

static const struct bops_error *
parser_error(const char *path, const yaml_parser_t *p, const char *data,
    size_t len)
{
	const char *problem = p->problem ? p->problem : "invalid yaml";
	size_t line, col;

	if (p->error == YAML_MEMORY_ERROR)
		return bops_error(BOPS_ERR_NOMEM);
	if (p->error == YAML_READER_ERROR) {
		offset_mark(data, len, p->problem_offset, &line, &col);
		return error_at(path, line, col, "%s", problem);
	}
	return error_mark(path, &p->problem_mark, "%s", problem);
}

const struct bops_error *
bops_yaml_load(struct bops_node **out, const char *path, const char *data,
    size_t len)
{
	const struct bops_error *err = NULL;
	struct loader ld;
	yaml_parser_t parser;
	yaml_event_t ev;
	bool finished = false;
	size_t i;

	*out = NULL;
	if (data == NULL)
		data = "";
	if (len > BOPS_YAML_MAX_SIZE)
		return error_at(path, 1, 1,
		    "file too large (%zu bytes, at most %d)", len,
		    BOPS_YAML_MAX_SIZE);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		return error_at(path, 1, 1, "byte order mark not allowed");
	if ((err = check_bytes(path, (const unsigned char *)data, len)))
		return err;

	memset(&ld, 0, sizeof(ld));
	ld.path = path;
	if (!yaml_parser_initialize(&parser))
		return bops_error(BOPS_ERR_NOMEM);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data,
	    len);
	while (!finished) {
		if (!yaml_parser_parse(&parser, &ev)) {
			err = parser_error(path, &parser, data, len);
			goto done;
		}
		err = on_event(&ld, &ev, &finished);
		yaml_event_delete(&ev);
		if (err)
			goto done;
	}
done:
	for (i = 0; i < ld.depth; i++)
		free(ld.stack[i].key);
	yaml_parser_delete(&parser);
	if (err)
		bops_node_free(ld.root);
	else
		*out = ld.root;
	return err;
}

/* Emitting. */

enum context {
	CTX_VALUE,		/* block value: a literal block is allowed */
	CTX_KEY,		/* block mapping key: one line */
	CTX_FLOW,		/* bops_yaml_quote: one line, flow-safe */
};

enum form {
	FORM_PLAIN,
	FORM_SINGLE,
	FORM_DOUBLE,
	FORM_LITERAL,
};

static bool
is_word(const char *s, size_t len, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == len && memcmp(s, *words, len) == 0)
			return true;
	return false;
}

/*
 * Whether a plain scalar could be read as something other than a string
 * by a YAML 1.1 or 1.2 reader: booleans, nulls, the 1.1 value and merge
 * keys, and anything number-like (ints in every base, sexagesimal, floats,
 * .inf/.nan, dates and timestamps).  Number-like errs on the safe side:
 * a sign, then a digit or a dot, then only characters that can occur in
 * such forms.  Quoting a little too often costs nothing.
 */
static bool
is_implicit(const char *s, size_t len)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
		"null", "Null", "NULL", "~", "=", "<<", NULL
	};
	static const char *const specials[] = {
		".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", NULL
	};
	static const char numeric[] =
	    "0123456789abcdefABCDEF_xXoO.:+-tTzZ ";
	size_t i = 0;

	if (len == 0 || is_word(s, len, words))
		return true;
	if (s[0] == '+' || s[0] == '-')
		i++;
	if (i == len)
		return false;
	if (is_word(s + i, len - i, specials))
		return true;
	if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '.')
		return false;
	for (; i < len; i++)
		if (strchr(numeric, s[i]) == NULL || s[i] == '\0')
			return false;
	return true;
}

/* Whether s can be written plain without changing its meaning. */
static bool
plain_syntax_ok(const char *s, size_t len, enum context ctx)
{
	static const char indicators[] = "-?:,[]{}#&*!|>'\"%@`";
	size_t i;

	/* A "-" followed by a digit or a dot starts a plain -5 or -.5. */
	if (len == 0 || (strchr(indicators, s[0]) && !(s[0] == '-' &&
	    len > 1 && ((s[1] >= '0' && s[1] <= '9') || s[1] == '.'))) ||
	    s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
		return false;
	if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
		return false;
	/*
	 * A key at the start of a line that reads like a merge conflict
	 * marker would be refused by the loader: such text is quoted
	 * wherever it stands.
	 */
	if (len >= 7 && (memcmp(s, "<<<<<<<", 7) == 0 ||
	    memcmp(s, "=======", 7) == 0 || memcmp(s, ">>>>>>>", 7) == 0 ||
	    memcmp(s, "|||||||", 7) == 0) && (len == 7 || s[7] == ' '))
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] == '\n' || s[i] == '\t' || s[i] == '\0')
			return false;
		if (s[i] == ':' && (i + 1 < len && s[i + 1] == ' '))
			return false;
		if (s[i] == '#' && i > 0 && s[i - 1] == ' ')
			return false;
		if (ctx == CTX_FLOW && strchr(",[]{}:", s[i]))
			return false;
	}
	return true;
}

struct scan {
	bool invalid;		/* not well-formed UTF-8 */
	uint32_t control;	/* first control character, if any */
	bool has_control;
	bool escape;		/* needs double quotes */
	bool newline;
	bool content;		/* a character other than newline */
};

static void
scan_text(struct scan *sc, const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t c;

	memset(sc, 0, sizeof(*sc));
	while (i < len) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &c);
		if (n == 0) {
			sc->invalid = sc->escape = true;
			sc->content = true;
			i++;
			continue;
		}
		if (c == '\n')
			sc->newline = true;
		else
			sc->content = true;
		if (is_control(c) && !sc->has_control) {
			sc->has_control = true;
			sc->control = c;
		}
		if (is_control(c) || c == '\t' || is_special(c))
			sc->escape = true;
		i += n;
	}
}

/*
 * A literal block keeps text exactly when it has a line with content and
 * nothing that needs an escape other than its tabs and newlines.
 */
static bool
literal_ok(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t c;
	bool content = false;

	while (i < len) {
		if ((n = utf8_decode((const unsigned char *)s + i, len - i,
		    &c)) == 0)
			return false;
		if (is_control(c) || is_special(c))
			return false;
		if (c != '\n')
			content = true;
		i += n;
	}
	return content;
}

static enum form
pick_form(const char *s, size_t len, enum bops_scalar_style style,
    enum context ctx)
{
	struct scan sc;

	scan_text(&sc, s, len);
	if (sc.newline && ctx == CTX_VALUE && literal_ok(s, len))
		return FORM_LITERAL;
	if (sc.escape || sc.newline)
		return FORM_DOUBLE;
	if (!plain_syntax_ok(s, len, ctx))
		return FORM_SINGLE;
	if (style == BOPS_SCALAR_RAW || !is_implicit(s, len))
		return FORM_PLAIN;
	return FORM_SINGLE;
}

static void
put_single(struct bops_buf *out, const char *s, size_t len)
{
	size_t i;

	bops_buf_putc(out, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '\'')
			bops_buf_putc(out, '\'');
		bops_buf_putc(out, s[i]);
	}
	bops_buf_putc(out, '\'');
}

static void
put_double(struct bops_buf *out, const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t c;

	bops_buf_putc(out, '"');
	while (i < len) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &c);
		if (n == 0) {
			bops_buf_printf(out, "\\x%02X", (unsigned char)s[i]);
			i++;
			continue;
		}
		switch (c) {
		case '"':
			bops_buf_puts(out, "\\\"");
			break;
		case '\\':
			bops_buf_puts(out, "\\\\");
			break;
		case '\0':
			bops_buf_puts(out, "\\0");
			break;
		case '\t':
			bops_buf_puts(out, "\\t");
			break;
		case '\n':
			bops_buf_puts(out, "\\n");
			break;
		case '\r':
			bops_buf_puts(out, "\\r");
			break;
		case 0x1b:
			bops_buf_puts(out, "\\e");
			break;
		case 0x85:
			bops_buf_puts(out, "\\N");
			break;
		case 0x2028:
			bops_buf_puts(out, "\\L");
			break;
		case 0x2029:
			bops_buf_puts(out, "\\P");
			break;
		default:
			if (is_control(c))
				bops_buf_printf(out, "\\x%02X", (unsigned)c);
			else if (is_special(c))
				bops_buf_printf(out, "\\u%04X", (unsigned)c);
			else
				bops_buf_put(out, s + i, n);
			break;
		}
		i += n;
	}
	bops_buf_putc(out, '"');
}

/*
 * A literal block whose content lines are indented by `indent` spaces.
 * The chomping indicator keeps the trailing newlines exactly; an
 * indentation indicator (2: content sits two columns right of the parent
 * collection) is needed when the first line with content starts with a
 * space or a tab, which would otherwise be read as indentation.
 */
static void
put_literal(struct bops_buf *out, const char *s, size_t len, size_t indent)
{
	size_t body = len, trailing, i, j;

	while (body > 0 && s[body - 1] == '\n')
		body--;
	trailing = len - body;
	for (i = 0; i < body && s[i] == '\n'; i++)
		;
	bops_buf_putc(out, '|');
	if (s[i] == ' ' || s[i] == '\t')
		bops_buf_putc(out, '2');
	if (trailing == 0)
		bops_buf_putc(out, '-');
	else if (trailing > 1)
		bops_buf_putc(out, '+');
	bops_buf_putc(out, '\n');
	for (i = 0; i < body; i = j + 1) {
		for (j = i; j < body && s[j] != '\n'; j++)
			;
		if (j > i) {
			bops_buf_pad(out, ' ', indent);
			bops_buf_put(out, s + i, j - i);
		}
		bops_buf_putc(out, '\n');
	}
	if (trailing > 1)
		bops_buf_pad(out, '\n', trailing - 1);
}

/*
 * Write a scalar; a literal block is indented by `indent` and ends with
 * its own newline, the other forms are left on the current line.
 */
static void
put_scalar(struct bops_buf *out, const char *s, size_t len,
    enum bops_scalar_style style, enum context ctx, size_t indent)
{
	switch (pick_form(s, len, style, ctx)) {
	case FORM_PLAIN:
		bops_buf_put(out, s, len);
		break;
	case FORM_SINGLE:
		put_single(out, s, len);
		break;
	case FORM_DOUBLE:
		put_double(out, s, len);
		break;
	case FORM_LITERAL:
		put_literal(out, s, len, indent);
		break;
	}
}

static const struct bops_error *
check_text(const char *s, size_t len, const char *key)
{
	struct scan sc;
	struct bops_buf what = BOPS_BUF_INIT;
	const struct bops_error *err;

	scan_text(&sc, s, len);
	if (!sc.invalid && !sc.has_control)
		return NULL;
	if (key) {
		bops_buf_puts(&what, "value of '");
		put_msg_key(&what, key);
		bops_buf_putc(&what, '\'');
	} else
		bops_buf_puts(&what, "a key");
	if (sc.invalid)
		err = bops_error_fmt(BOPS_ERR_INVALID,
		    "cannot emit %s: invalid utf-8", what.ptr);
	else
		err = bops_error_fmt(BOPS_ERR_INVALID,
		    "cannot emit %s: control character U+%04X", what.ptr,
		    (unsigned)sc.control);
	bops_buf_release(&what);
	return err;
}

static const struct bops_error *emit_map(struct bops_buf *,
    const struct bops_node *, size_t, bool, unsigned);
static const struct bops_error *emit_seq(struct bops_buf *,
    const struct bops_node *, size_t, bool, unsigned, const char *);

/*
 * Write node v after an indicator ("key:" or "-") of a collection whose
 * entries sit at column `indent`.  A sequence under a mapping key is
 * written at the key's own indent ("key:\n- a"); other collections move
 * two columns right, a mapping or sequence in a sequence starting on the
 * item's line ("- key: value", "- - a").
 */
static const struct bops_error *
emit_child(struct bops_buf *out, const struct bops_node *v, size_t indent,
    unsigned depth, bool in_map, const char *key)
{
	const struct bops_error *err;

	if (v->type == BOPS_NODE_SCALAR) {
		if ((err = check_text(v->str, v->len, key)))
			return err;
		bops_buf_putc(out, ' ');
		put_scalar(out, v->str, v->len, v->style, CTX_VALUE,
		    indent + 2);
		if (out->ptr[out->len - 1] != '\n')
			bops_buf_putc(out, '\n');
		return NULL;
	}
	if (depth + 1 > BOPS_YAML_MAX_DEPTH)
		return bops_error_fmt(BOPS_ERR_INVALID,
		    "cannot emit: nesting too deep (at most %d)",
		    BOPS_YAML_MAX_DEPTH);
	if (v->n == 0) {
		bops_buf_puts(out,
		    v->type == BOPS_NODE_MAP ? " {}\n" : " []\n");
		return NULL;
	}
	if (v->type == BOPS_NODE_MAP) {
		bops_buf_putc(out, in_map ? '\n' : ' ');
		return emit_map(out, v, indent + 2, !in_map, depth + 1);
	}
	if (in_map) {
		bops_buf_putc(out, '\n');
		return emit_seq(out, v, indent, false, depth + 1, key);
	}
	bops_buf_putc(out, ' ');
	return emit_seq(out, v, indent + 2, true, depth + 1, key);
}

/*
 * Keys go on one line.  One too long for libyaml's simple keys is written
 * as an explicit key: "? key" then ":" on the next line.
 */
static const struct bops_error *
emit_map(struct bops_buf *out, const struct bops_node *map, size_t indent,
    bool inline_first, unsigned depth)
{
	const struct bops_error *err;
	struct bops_buf key = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < map->n; i++) {
		const char *c = map->items[i]->comment, *nl;

		/* Comments (config docs) stand on their own lines. */
		if (c && (i > 0 || !inline_first)) {
			if (indent == 0 && out->len)
				bops_buf_putc(out, '\n');
			for (; *c; c = *nl ? nl + 1 : nl) {
				nl = strchr(c, '\n');
				if (nl == NULL)
					nl = c + strlen(c);
				bops_buf_pad(out, ' ', indent);
				bops_buf_puts(out, "# ");
				bops_buf_put(out, c, (size_t)(nl - c));
				bops_buf_putc(out, '\n');
			}
		}
		if (i > 0 || !inline_first)
			bops_buf_pad(out, ' ', indent);
		if ((err = check_text(map->keys[i], strlen(map->keys[i]),
		    NULL)))
			goto done;
		bops_buf_reset(&key);
		put_scalar(&key, map->keys[i], strlen(map->keys[i]),
		    BOPS_SCALAR_TEXT, CTX_KEY, 0);
		if (key.len > MAX_SIMPLE_KEY) {
			bops_buf_puts(out, "? ");
			bops_buf_put(out, key.ptr, key.len);
			bops_buf_putc(out, '\n');
			bops_buf_pad(out, ' ', indent);
		} else
			bops_buf_put(out, key.ptr, key.len);
		bops_buf_putc(out, ':');
		if ((err = emit_child(out, map->items[i], indent, depth, true,
		    map->keys[i])))
			goto done;
	}
	err = NULL;
done:
	bops_buf_release(&key);
	return err;
}

static const struct bops_error *
emit_seq(struct bops_buf *out, const struct bops_node *seq, size_t indent,
    bool inline_first, unsigned depth, const char *key)
{
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < seq->n; i++) {
		if (i > 0 || !inline_first)
			bops_buf_pad(out, ' ', indent);
		bops_buf_putc(out, '-');
		if ((err = emit_child(out, seq->items[i], indent, depth, false,
		    key)))
			return err;
	}
	return NULL;
}

const struct bops_error *
bops_yaml_emit(struct bops_buf *out, const struct bops_node *root)
{
	const struct bops_error *err = NULL;
	size_t start = out->len;

	if (root->type == BOPS_NODE_SCALAR) {
		if ((err = check_text(root->str, root->len, NULL)))
			goto done;
		put_scalar(out, root->str, root->len, root->style, CTX_VALUE,
		    2);
		if (out->ptr[out->len - 1] != '\n')
			bops_buf_putc(out, '\n');
	} else if (root->n == 0)
		bops_buf_puts(out,
		    root->type == BOPS_NODE_MAP ? "{}\n" : "[]\n");
	else if (root->type == BOPS_NODE_MAP)
		err = emit_map(out, root, 0, false, 1);
	else
		err = emit_seq(out, root, 0, false, 1, NULL);
done:
	if (err)
		bops_buf_truncate(out, start);
	return err;
}

const struct bops_error *
bops_yaml_verify(const char *path, const char *data, size_t len,
    const struct bops_node *want)
{
	const struct bops_error *err;
	struct bops_node *back = NULL;
	size_t plen = strlen(path);
	const char *msg;

	if (len > BOPS_YAML_MAX_SIZE)
		return bops_error_fmt(BOPS_ERR_INVALID, "%s: too large to "
		    "write (%zu bytes, at most %d)", path, len,
		    BOPS_YAML_MAX_SIZE);
	if ((err = bops_yaml_load(&back, path, data, len))) {
		if (err->code != BOPS_ERR_INVALID)
			return err;
		/* "path:3:1: msg" -> "3:1: msg" */
		msg = err->msg;
		if (strncmp(msg, path, plen) == 0 && msg[plen] == ':')
			msg += plen + 1;
		return bops_error_fmt(BOPS_ERR_INVALID, "%s: would not read "
		    "back (%s)", path, msg);
	}
	if (want && !bops_node_equal(back, want))
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s: would not read "
		    "back as it was written", path);
	bops_node_free(back);
	return err;
}

void
bops_yaml_quote(struct bops_buf *out, const char *s)
{
	put_scalar(out, s, strlen(s), BOPS_SCALAR_TEXT, CTX_FLOW, 0);
}
