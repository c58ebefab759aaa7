#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "file.h"
#include "hash.h"
#include "out.h"
#include "share.h"
#include "workspace.h"
#include "yaml.h"
#include "banned.h"

#define DEFAULT_LOCK_TIMEOUT_MS 10000

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The absolute, symlink-free form of dir, with a trailing '/'. */
static const struct bops_error *
absolute(struct bops_buf *out, const char *dir)
{
	char *real;

	if ((real = realpath(dir, NULL)) == NULL)
		return bops_error_errno("cannot use '%s'", dir);
	bops_buf_reset(out);
	bops_buf_puts(out, real);
	free(real);
	if (out->len == 0 || out->ptr[out->len - 1] != '/')
		bops_buf_putc(out, '/');
	return NULL;
}

/*
 * Walk up from start to the first directory holding .git; it must hold
 * bops.yaml.  out gets the root with a trailing '/'.
 */
static const struct bops_error *
find_root(struct bops_buf *out, const char *start)
{
	const struct bops_error *err;
	struct bops_buf probe = BOPS_BUF_INIT;
	char *slash;

	if ((err = absolute(out, start)))
		return bops_error_fmt(BOPS_ERR_NO_WORKSPACE, "%s", err->msg);
	for (;;) {
		bops_buf_reset(&probe);
		bops_buf_printf(&probe, "%s.git", out->ptr);
		if (bops_file_exists(probe.ptr)) {
			bops_buf_reset(&probe);
			bops_buf_printf(&probe, "%s" BOPS_CONFIG_PATH,
			    out->ptr);
			if (!bops_file_exists(probe.ptr))
				err = bops_error_fmt(BOPS_ERR_NO_WORKSPACE,
				    "not a bops workspace (no bops.yaml): "
				    "'%s'", out->ptr);
			break;
		}
		if (out->len <= 1) {
			err = bops_error_fmt(BOPS_ERR_NO_WORKSPACE,
			    "not a bops workspace (or any parent): '%s'",
			    start);
			break;
		}
		/* Drop the last component, keep the trailing '/'. */
		bops_buf_truncate(out, out->len - 1);
		slash = strrchr(out->ptr, '/');
		bops_buf_truncate(out, (size_t)(slash - out->ptr) + 1);
	}
	bops_buf_release(&probe);
	return err;
}

static const struct bops_node *
section(const struct bops_node *doc, const char *a, const char *b)
{
	return bops_node_map_get(bops_node_map_get(doc, a), b);
}

/* Maps whose keys name items of a list: a.b.<item of c.d>. */
static const struct {
	const char *a, *b, *c, *d;
} named[] = {
	{ "board", "wip", "board", "columns" },
	{ "ticket", "first_response", "ticket", "priorities" },
	{ "ticket", "resolution", "ticket", "priorities" },
	{ "deal", "probability", "deal", "stages" },
};

const struct bops_node *
bops_ws_config_key_names(const struct bops_node *config, const char *key)
{
	size_t i, la, lb;
	const struct bops_node *list;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		la = strlen(named[i].a);
		lb = strlen(named[i].b);
		if (strncmp(key, named[i].a, la) || key[la] != '.' ||
		    strncmp(key + la + 1, named[i].b, lb) ||
		    key[la + 1 + lb] != '.')
			continue;
		list = section(config, named[i].c, named[i].d);
		return list && list->type == BOPS_NODE_SEQ ? list : NULL;
	}
	return NULL;
}

/*
 * Every key of the map at a.b (WIP limits, SLA targets) must name an
 * item of the list at c.d (columns, priorities), when both are set.
 */
static bool
check_names(const struct bops_error **first, struct bops_problems *all,
    const char *path, const struct bops_node *doc, const char *a,
    const char *b, const char *c, const char *d)
{
	const struct bops_node *map = section(doc, a, b);
	const struct bops_node *list = section(doc, c, d);
	struct bops_strset names = BOPS_STRSET_INIT;
	bool done = false;
	size_t i;

	if (map == NULL || list == NULL || map->type != BOPS_NODE_MAP ||
	    list->type != BOPS_NODE_SEQ)
		return false;
	for (i = 0; i < list->n; i++)
		(void)bops_strset_add(&names, list->items[i]->str,
		    list->items[i]->len);
	for (i = 0; i < map->n && !done; i++)
		if (bops_strset_find(&names, map->keys[i],
		    strlen(map->keys[i])) == BOPS_HASH_NONE)
			done = bops_problems_keep(first, all, bops_error_fmt(
			    BOPS_ERR_INVALID, "%s:%u:%u: %s.%s.%s: no such %s "
			    "in %s.%s", path, map->items[i]->key_line,
			    map->items[i]->key_col, a, b, map->keys[i],
			    strcmp(d, "columns") ? "priority" : "column", c,
			    d));
	bops_strset_release(&names);
	return done;
}

/* Each kind's own rules on its part of the config (kind.h). */
static const struct bops_error *
check_kinds(const char *path, const struct bops_node *doc,
    struct bops_problems *all)
{
	const struct bops_error *err, *first = NULL;
	size_t i;

	for (i = 0; i < BOPS_KIND__COUNT; i++)
		if (bops_kinds[i].rules && bops_kinds[i].rules->config &&
		    (err = bops_kinds[i].rules->config(path, doc, all))) {
			if (first == NULL)
				first = err;
			if (all == NULL)
				break;
		}
	return first;
}

/*
 * A map whose keys name items of a list (WIP limits by column, SLA
 * targets by priority) takes no default keys when the config sets the
 * list itself: they might name items it does not have.  Such maps are
 * dropped from the defaults.
 */
static void
drop_named(struct bops_node *defaults, const struct bops_node *config)
{
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (section(config, named[i].c, named[i].d))
			(void)bops_node_map_remove(bops_node_map_get(defaults,
			    named[i].a), named[i].b);
}

/*
 * Keys missing from the config take the defaults of the template, so a
 * short bops.yaml still has a board, a sprint length and so on.
 */
static void
fill_defaults(struct bops_node *config, const struct bops_node *defaults,
    const struct bops_schema *s)
{
	size_t i;

	for (i = 0; defaults && i < defaults->n; i++) {
		const struct bops_field *f = s ? bops_schema_field(s,
		    defaults->keys[i]) : NULL;
		struct bops_node *have = bops_node_map_get(config,
		    defaults->keys[i]);

		if (have == NULL)
			bops_node_map_set(config, defaults->keys[i],
			    bops_node_dup(defaults->items[i]));
		else if (f && f->sub && f->of < 0 &&
		    have->type == BOPS_NODE_MAP &&
		    defaults->items[i]->type == BOPS_NODE_MAP)
			fill_defaults(have, defaults->items[i], f->sub);
	}
}

/*
 * The rules of a valid config beyond its schema: a zone of the tz
 * database (opened into *tz), names that name items, and each kind's
 * rules on its part (sprint lengths, business hours).  The first
 * problem; with all, every one kept there.
 */
static const struct bops_error *
config_rules(struct bops_tz **tz, struct bops_problems *all,
    const char *path, const struct bops_node *doc)
{
	const struct bops_error *first = NULL, *err;
	const char *name = bops_node_map_str(doc, "timezone");
	const struct bops_node *n;
	size_t i;

	if (bops_tz_open(tz, name)) {
		n = bops_node_map_get(doc, "timezone");
		if (bops_problems_keep(&first, all, bops_problem_at(path, n,
		    "unknown time zone '%s'", name)))
			return first;
	}
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (check_names(&first, all, path, doc, named[i].a,
		    named[i].b, named[i].c, named[i].d))
			return first;
	/* The kinds keep their problems in all themselves. */
	if ((err = check_kinds(path, doc, all)) && first == NULL)
		first = err;
	return first;
}

/*
 * Parse and validate config text.  Its time zone is opened to be checked,
 * and handed over in *zone (NULL for UTC) when zone is not NULL.  With
 * all, every problem is kept there (bops_ws_config_check).
 */
static const struct bops_error *
config_parse(struct bops_node **out, struct bops_tz **zone,
    struct bops_problems *all, const struct bops_schema *schema,
    const char *path, const char *data, size_t len)
{
	const struct bops_error *err;
	struct bops_node *doc = NULL;
	struct bops_validate v = { path, NULL, NULL };
	struct bops_tz *tz = NULL;
	size_t mark = all ? all->n : 0;

	*out = NULL;
	if ((err = bops_yaml_load(&doc, path, data, len))) {
		if (all && err->code == BOPS_ERR_INVALID)
			bops_problems_add(all, err);
		return err;
	}
	if ((err = all ? bops_schema_validate_all(schema, doc, &v, all) :
	    bops_schema_validate(schema, doc, &v)))
		goto fail;
	if ((err = config_rules(&tz, all, path, doc))) {
		if (all && all->n > mark)
			err = bops_error_fmt(BOPS_ERR_INVALID, "%s",
			    all->v[mark].msg);
		goto fail;
	}
	*out = doc;
	if (zone)
		*zone = tz;
	else
		bops_tz_close(tz);
	return NULL;
fail:
	bops_tz_close(tz);
	bops_node_free(doc);
	return err;
}

const struct bops_error *
bops_ws_config_parse(struct bops_node **out, const struct bops_schema *schema,
    const char *path, const char *data, size_t len)
{
	return config_parse(out, NULL, NULL, schema, path, data, len);
}

const struct bops_error *
bops_ws_config_check(struct bops_problems *all,
    const struct bops_schema *schema, const char *path, const char *data,
    size_t len)
{
	const struct bops_error *err;
	struct bops_node *config = NULL;

	err = config_parse(&config, NULL, all, schema, path, data, len);
	bops_node_free(config);
	return err;
}

/*
 * Keep err as the config's error, in the ws's own copy: an error lives
 * in a ring that later errors reuse, and the ws outlives many of them.
 */
static void
keep_config_err(struct bops_ws *ws, const struct bops_error *err)
{
	if (err != NULL && err == ws->config_err)
		return;		/* kept already */
	free(ws->config_err_msg);
	ws->config_err_msg = NULL;
	ws->config_err = NULL;
	if (err == NULL)
		return;
	ws->config_err_msg = bops_strdup(err->msg);
	ws->config_err_kept.code = err->code;
	ws->config_err_kept.msg = ws->config_err_msg;
	ws->config_err = &ws->config_err_kept;
}

/*
 * Make tz (opened by the caller, and given over) the workspace's time
 * zone.  A zone of that name opened before is kept instead: a zone
 * handed out (to an input context, a cascade) stays open until the
 * workspace is closed, as a retired schema does.
 */
static void
use_zone(struct bops_ws *ws, struct bops_tz *tz)
{
	size_t i;

	ws->tz = tz;
	if (tz == NULL)
		return;
	for (i = 0; i < ws->nzones; i++)
		if (strcmp(bops_tz_name(ws->zones[i]), bops_tz_name(tz)) == 0) {
			bops_tz_close(tz);
			ws->tz = ws->zones[i];
			return;
		}
	ws->zones = bops_realloc(ws->zones,
	    (ws->nzones + 1) * sizeof(*ws->zones));
	ws->zones[ws->nzones++] = tz;
}

/*
 * Make data (the config whose blob id is blob) the workspace's config:
 * schemas handed out before are retired (they stay valid), the defaults
 * of the template fill what it leaves out.  The error of an invalid
 * config is kept in ws->config_err as well as returned.
 */
static const struct bops_error *
install_config(struct bops_ws *ws, const char *blob, const char *data,
    size_t len, const struct bops_error *read_err)
{
	const struct bops_error *err = read_err;
	struct bops_tz *tz = NULL;
	size_t i;

	snprintf(ws->config_blob, sizeof(ws->config_blob), "%s", blob);
	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		if (ws->schemas[i] == NULL)
			continue;
		ws->retired = bops_realloc(ws->retired,
		    (ws->nretired + 1) * sizeof(*ws->retired));
		ws->retired[ws->nretired++] = ws->schemas[i];
		ws->schemas[i] = NULL;
	}
	bops_node_free(ws->config);
	ws->config = NULL;
	keep_config_err(ws, NULL);
	if (err == NULL)
		err = config_parse(&ws->config, &tz, NULL, ws->config_schema,
		    BOPS_CONFIG_PATH, data, len);
	if (err == NULL) {
		struct bops_node *defaults = NULL;
		const char *tmpl;
		size_t tlen;

		tmpl = bops_share_get("templates/bops.yaml", &tlen);
		if (bops_ws_config_parse(&defaults, ws->config_schema,
		    "templates/bops.yaml", tmpl, tlen) == NULL) {
			drop_named(defaults, ws->config);
			fill_defaults(ws->config, defaults, ws->config_schema);
		}
		bops_node_free(defaults);
	}
	use_zone(ws, tz);
	ws->today = bops_date_local(ws->now, ws->tz);
	if (err && err->code == BOPS_ERR_INVALID)
		keep_config_err(ws, err);
	return err;
}

/*
 * The config of HEAD: its blob id and bytes come from what .git/bops/
 * remembers of that commit (head.h), read through libgit2 only when it
 * remembers another commit.
 */
static const struct bops_error *
load_config(struct bops_ws *ws)
{
	const struct bops_error *err = NULL;

	if (ws->head[0] == '\0' || (strcmp(ws->state.commit, ws->head) &&
	    !bops_head_load(&ws->state, bops_repo_gitdir(ws->repo),
	    ws->head)))
		err = bops_head_read(&ws->state, ws->repo, ws->head);
	if (err == NULL && strcmp(ws->state.config, ws->config_blob) == 0 &&
	    (ws->config || ws->config_err))
		/* A copy in the ring, which outlives the ws. */
		return ws->config_err ? bops_error_fmt(ws->config_err->code,
		    "%s", ws->config_err->msg) : NULL;
	if (err && err->code == BOPS_ERR_NOT_FOUND)
		err = bops_error_fmt(BOPS_ERR_NO_WORKSPACE,
		    "not a bops workspace: bops.yaml is not committed in '%s'",
		    ws->root);
	return install_config(ws, err ? "" : ws->state.config,
	    ws->state.config_data.ptr, ws->state.config_data.len, err);
}

const struct bops_error *
bops_ws_config_use(struct bops_ws *ws, const char *data, size_t len)
{
	const struct bops_error *err;
	struct bops_node *probe = NULL;
	char blob[BOPS_OID_HEXSZ + 1];

	/* Nothing changes unless it validates. */
	if ((err = bops_ws_config_parse(&probe, ws->config_schema,
	    BOPS_CONFIG_PATH, data, len)))
		return err;
	bops_node_free(probe);
	bops_repo_hash(data, len, blob);
	return install_config(ws, blob, data, len, NULL);
}

const struct bops_error *
bops_ws_refresh(struct bops_ws *ws)
{
	const struct bops_error *err;
	bool found;

	bops_buf_reset(&ws->refname);
	if ((err = bops_repo_head_fast(ws->repo, ws->head, &ws->refname,
	    &found)))
		return err;
	if (!found && (err = bops_repo_head(ws->repo, ws->head,
	    &ws->refname)))
		return err;
	return load_config(ws);
}

const struct bops_error *
bops_ws_parse_now(int64_t *out, const char *s)
{
	if (bops_instant_parse(out, s))
		return bops_error_fmt(BOPS_ERR_USAGE, "BOPS_NOW: invalid "
		    "instant '%s' (want YYYY-MM-DDTHH:MM:SSZ)", s);
	/* A git commit holds an unsigned 32-bit time (libgit2 1.5). */
	if (*out < 0 || *out > BOPS_NOW_MAX)
		return bops_error_fmt(BOPS_ERR_USAGE, "BOPS_NOW: '%s' is out "
		    "of range (1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z)",
		    s);
	return NULL;
}

static const struct bops_error *
ws_new(struct bops_ws **out, const struct bops_ws_opts *opts)
{
	const struct bops_error *err;
	struct bops_ws *ws;

	ws = bops_calloc(1, sizeof(*ws));
	bops_head_init(&ws->state);
	bops_buf_init(&ws->refname);
	bops_buf_init(&ws->name);
	bops_buf_init(&ws->email);
	ws->lock_timeout_ms = opts->lock_timeout_ms < 0 ?
	    DEFAULT_LOCK_TIMEOUT_MS : opts->lock_timeout_ms;
	if (opts->author)
		ws->author = bops_strdup(opts->author);
	if (opts->now) {
		if ((err = bops_ws_parse_now(&ws->now, opts->now))) {
			bops_ws_close(ws);
			return err;
		}
	} else
		ws->now = (int64_t)time(NULL);
	if ((err = bops_schema_builtin(&ws->config_schema, "config"))) {
		bops_ws_close(ws);
		return err;
	}
	*out = ws;
	return NULL;
}

const struct bops_error *
bops_ws_open(struct bops_ws **out, const struct bops_ws_opts *opts)
{
	const struct bops_error *err;
	struct bops_buf root = BOPS_BUF_INIT;
	struct bops_ws *ws = NULL;

	*out = NULL;
	if ((err = ws_new(&ws, opts)))
		return err;
	if ((err = find_root(&root, opts->dir ? opts->dir : ".")))
		goto fail;
	ws->root = bops_buf_detach(&root);
	if ((err = bops_repo_open(&ws->repo, ws->root)))
		goto fail;
	if ((err = bops_ws_refresh(ws))) {
		if (!(opts->tolerant && err->code == BOPS_ERR_INVALID))
			goto fail;
		keep_config_err(ws, err);
	}
	*out = ws;
	return NULL;
fail:
	bops_buf_release(&root);
	bops_ws_close(ws);
	return err;
}

void
bops_ws_close(struct bops_ws *ws)
{
	size_t i;

	if (ws == NULL)
		return;
	for (i = 0; i < BOPS_KIND__COUNT; i++)
		bops_schema_free(ws->schemas[i]);
	for (i = 0; i < ws->nretired; i++)
		bops_schema_free(ws->retired[i]);
	free(ws->retired);
	for (i = 0; i < ws->nzones; i++)
		bops_tz_close(ws->zones[i]);
	free(ws->zones);
	bops_schema_free(ws->config_schema);
	bops_node_free(ws->config);
	free(ws->config_err_msg);
	bops_repo_close(ws->repo);
	bops_buf_release(&ws->refname);
	bops_head_release(&ws->state);
	bops_buf_release(&ws->name);
	bops_buf_release(&ws->email);
	free(ws->author);
	free(ws->root);
	free(ws);
}

/*
 * An identity fit for a commit header, by the rules of git's fsck and
 * ident.c and a little stricter: a name that is printable, safe text
 * (out.h: no control character, no bidi override, valid UTF-8) without
 * '<' or '>',
 * and an e-mail address user@host without spaces, '<', '>' or control
 * characters.  Faults name where the value came from: src_name and
 * src_email ("BOPS_AUTHOR", "git config user.name").
 */
static const struct bops_error *
check_ident(enum bops_error_code code, const char *src_name,
    const char *src_email, const char *name, const char *email)
{
	size_t nlen = strlen(name), elen = strlen(email);
	const char *at = strchr(email, '@');

	if (strspn(name, " ") == nlen)
		return bops_error_fmt(code, "%s: no name", src_name);
	if (bops_out_safe_span(name, nlen, 0) != nlen)
		return bops_error_fmt(code, "%s: an unprintable character in "
		    "the name '%s'", src_name, name);
	if (strpbrk(name, "<>"))
		return bops_error_fmt(code, "%s: '<' or '>' in the name '%s'",
		    src_name, name);
	if (elen == 0)
		return bops_error_fmt(code, "%s: no e-mail address",
		    src_email);
	if (bops_out_safe_span(email, elen, 0) != elen ||
	    strpbrk(email, "<> "))
		return bops_error_fmt(code, "%s: a space, '<', '>' or an "
		    "unprintable character in the e-mail address '%s'",
		    src_email, email);
	if (at == NULL || at == email || at[1] == '\0')
		return bops_error_fmt(code, "%s: '%s' is not an e-mail "
		    "address (want user@host)", src_email, email);
	return NULL;
}

const struct bops_error *
bops_ws_parse_author(struct bops_buf *name, struct bops_buf *email,
    const char *s)
{
	const struct bops_error *err;
	const char *lt = strrchr(s, '<'), *gt = strrchr(s, '>');
	size_t n;

	bops_buf_reset(name);
	bops_buf_reset(email);
	if (lt == NULL || gt == NULL || gt < lt || gt[1] != '\0')
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "BOPS_AUTHOR: want 'Name <email>', got '%s'", s);
	n = (size_t)(lt - s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	bops_buf_put(name, s, n);
	bops_buf_put(email, lt + 1, (size_t)(gt - lt - 1));
	if ((err = check_ident(BOPS_ERR_USAGE, "BOPS_AUTHOR", "BOPS_AUTHOR",
	    name->ptr, email->ptr))) {
		bops_buf_reset(name);
		bops_buf_reset(email);
	}
	return err;
}

const struct bops_error *
bops_ws_identity(const char **name, const char **email, struct bops_ws *ws)
{
	const struct bops_error *err;

	if (!ws->have_identity) {
		if (ws->author)
			err = bops_ws_parse_author(&ws->name, &ws->email,
			    ws->author);
		else if ((err = bops_repo_identity(ws->repo, &ws->name,
		    &ws->email)) == NULL)
			err = check_ident(BOPS_ERR_NO_IDENTITY,
			    "git config user.name", "git config user.email",
			    ws->name.ptr, ws->email.ptr);
		if (err)
			return err;
		ws->have_identity = true;
	}
	*name = ws->name.ptr;
	*email = ws->email.ptr;
	return NULL;
}

const struct bops_error *
bops_ws_schema(const struct bops_schema **out, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	const struct bops_node *custom;
	struct bops_schema *s = NULL;
	char key[128];

	*out = NULL;
	if (ws->schemas[kind->index] == NULL) {
		if ((err = bops_schema_builtin(&s, kind->name)))
			return err;
		snprintf(key, sizeof(key), "custom.%s", kind->name);
		custom = bops_ws_config_get(key, ws);
		if (custom && (err = bops_schema_add_custom(s,
		    BOPS_CONFIG_PATH, custom))) {
			bops_schema_free(s);
			return err;
		}
		s->upgrade = kind->rules ? kind->rules->upgrade : NULL;
		ws->schemas[kind->index] = s;
	}
	*out = ws->schemas[kind->index];
	return NULL;
}

const struct bops_node *
bops_ws_config_get(const char *key, void *arg)
{
	struct bops_ws *ws = arg;
	const struct bops_node *n = ws->config;
	char part[128];
	const char *dot;
	size_t len;

	while (n && *key) {
		dot = strchr(key, '.');
		len = dot ? (size_t)(dot - key) : strlen(key);
		if (len >= sizeof(part))
			return NULL;
		memcpy(part, key, len);
		part[len] = '\0';
		n = bops_node_map_get(n, part);
		key += len + (dot != NULL);
	}
	return n;
}

const char *
bops_ws_config_str(struct bops_ws *ws, const char *key, const char *def)
{
	const struct bops_node *n = bops_ws_config_get(key, ws);

	return n && n->type == BOPS_NODE_SCALAR ? n->str : def;
}

/* The board's columns, or NULL when bops.yaml has none. */
static const struct bops_node *
columns(struct bops_ws *ws)
{
	const struct bops_node *cols = bops_ws_config_get("board.columns", ws);

	return cols && cols->type == BOPS_NODE_SEQ && cols->n ? cols : NULL;
}

size_t
bops_board_count(struct bops_ws *ws)
{
	const struct bops_node *cols = columns(ws);

	return cols ? cols->n : 0;
}

const char *
bops_board_column(struct bops_ws *ws, size_t i)
{
	const struct bops_node *cols = columns(ws);

	return cols && i < cols->n ? cols->items[i]->str : NULL;
}

long
bops_board_index(struct bops_ws *ws, const char *column)
{
	const struct bops_node *cols = columns(ws);
	size_t i;

	for (i = 0; cols && column && i < cols->n; i++)
		if (strcmp(cols->items[i]->str, column) == 0)
			return (long)i;
	return -1;
}

const char *
bops_board_first(struct bops_ws *ws)
{
	const struct bops_node *cols = columns(ws);

	return cols ? cols->items[0]->str : "not-started";
}

const char *
bops_board_last(struct bops_ws *ws)
{
	const struct bops_node *cols = columns(ws);

	return cols ? cols->items[cols->n - 1]->str : "done";
}

bool
bops_board_done(struct bops_ws *ws, const char *status)
{
	return status && strcmp(status, bops_board_last(ws)) == 0;
}

long
bops_board_wip(struct bops_ws *ws, const char *column)
{
	const struct bops_node *wip = bops_ws_config_get("board.wip", ws);
	const char *v = column ? bops_node_map_str(wip, column) : NULL;

	return v ? strtol(v, NULL, 10) : -1;
}

void
bops_ws_input_ctx(struct bops_ws *ws, struct bops_input_ctx *ctx)
{
	ctx->today = ws->today;
	ctx->now = ws->now;
	ctx->tz = ws->tz;
	ctx->lookup = bops_ws_config_get;
	ctx->lookup_arg = ws;
}

/* Attach each field's doc to the config node as a comment. */
static void
annotate(const struct bops_schema *s, struct bops_node *map)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct bops_field *f = bops_schema_field(s, map->keys[i]);

		if (f == NULL)
			continue;
		free(map->items[i]->comment);
		map->items[i]->comment = f->doc ? bops_strdup(f->doc) : NULL;
		if (f->sub && map->items[i]->type == BOPS_NODE_MAP)
			annotate(f->sub, map->items[i]);
	}
}

const struct bops_error *
bops_ws_config_emit(struct bops_buf *out, const struct bops_schema *schema,
    struct bops_node *config)
{
	const struct bops_error *err;
	size_t start = out->len;

	bops_buf_puts(out, "# bops workspace configuration: see bops-config(5)."
	    "\n# Change it with `bops config KEY VALUE`, which validates and "
	    "commits.\n");
	annotate(schema, config);
	if ((err = bops_yaml_emit(out, config)))
		err = bops_error_wrap(err, "%s", BOPS_CONFIG_PATH);
	else
		err = bops_yaml_verify(BOPS_CONFIG_PATH, out->ptr + start,
		    out->len - start, config);
	if (err)
		bops_buf_truncate(out, start);
	return err;
}

/* The pattern of our line i of .gitattributes: 0 is bops.yaml's, i the
 * records' of kind i - 1. */
static void
attr_pattern(struct bops_buf *out, size_t i)
{
	bops_buf_reset(out);
	if (i == 0)
		bops_buf_puts(out, BOPS_CONFIG_PATH);
	else
		bops_buf_printf(out, "%s/%s*.yaml", bops_kinds[i - 1].dir,
		    bops_kinds[i - 1].sharded ? "*/" : "");
}

void
bops_ws_attributes(struct bops_buf *out)
{
	struct bops_buf pat = BOPS_BUF_INIT;
	size_t i;

	bops_buf_puts(out, "# Records merge field by field (bops merge-driver);"
	    "\n# every other file as git merges it.\n");
	for (i = 0; i <= BOPS_KIND__COUNT; i++) {
		attr_pattern(&pat, i);
		bops_buf_printf(out, "%s merge=bops\n", pat.ptr);
	}
	bops_buf_release(&pat);
}

static bool
attr_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * The line [p, end) of .gitattributes read as git reads it: its pattern
 * into pat and plen (plen 0 for a comment or a blank line), and what it
 * says of the merge attribute, the last word on it winning: 1 for
 * merge=bops, -1 for anything else ("-merge", "!merge", "merge",
 * "merge=union"), 0 for nothing.
 */
static int
attr_line(const char *p, const char *end, const char **pat, size_t *plen)
{
	const char *t;
	size_t n;
	int says = 0;

	while (p < end && attr_blank(*p))
		p++;
	*pat = p;
	for (t = p; t < end && !attr_blank(*t); t++)
		;
	*plen = p < end && *p != '#' ? (size_t)(t - p) : 0;
	if (*plen == 0)
		return 0;
	for (;;) {
		for (p = t; p < end && attr_blank(*p); p++)
			;
		for (t = p; t < end && !attr_blank(*t); t++)
			;
		if ((n = (size_t)(t - p)) == 0)
			return says;
		if (n > 5 && strncmp(p, "merge=", 6) == 0)
			says = n == 10 && strncmp(p, "merge=bops", 10) == 0 ?
			    1 : -1;
		else if ((n == 5 && strncmp(p, "merge", 5) == 0) ||
		    (n == 6 && (*p == '-' || *p == '!') &&
		    strncmp(p + 1, "merge", 5) == 0))
			says = -1;
	}
}

/* Whether the last line of have for pattern that says anything of merge
 * sets merge=bops. */
static bool
attr_present(const char *have, size_t len, const struct bops_buf *pattern)
{
	const char *p = have, *end = have + len, *nl, *pat;
	size_t plen;
	int says, last = 0;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		says = attr_line(p, nl, &pat, &plen);
		if (says && plen == pattern->len &&
		    memcmp(pat, pattern->ptr, plen) == 0)
			last = says;
	}
	return last == 1;
}

size_t
bops_ws_attributes_merge(struct bops_buf *out, struct bops_buf *names,
    const char *have, size_t len)
{
	struct bops_buf pat = BOPS_BUF_INIT;
	size_t i, added = 0;

	bops_buf_reset(out);
	bops_buf_reset(names);
	if (len == 0)
		bops_ws_attributes(out);
	else
		bops_buf_put(out, have, len);
	for (i = 0; i <= BOPS_KIND__COUNT; i++) {
		attr_pattern(&pat, i);
		if (len && attr_present(have, len, &pat))
			continue;
		if (len && added == 0 && have[len - 1] != '\n')
			bops_buf_putc(out, '\n');
		if (len)
			bops_buf_printf(out, "%s merge=bops\n", pat.ptr);
		bops_buf_printf(names, "%s%s", added ? ", " : "",
		    i ? bops_kinds[i - 1].dir : BOPS_CONFIG_PATH);
		added++;
	}
	bops_buf_release(&pat);
	return added;
}

bool
bops_ws_is_root(const char *dir)
{
	struct bops_buf path = BOPS_BUF_INIT;
	bool yes;

	bops_buf_printf(&path, "%s/.git", dir);
	yes = bops_file_exists(path.ptr);
	bops_buf_reset(&path);
	bops_buf_printf(&path, "%s/" BOPS_CONFIG_PATH, dir);
	yes = yes && bops_file_exists(path.ptr);
	bops_buf_release(&path);
	return yes;
}

const struct bops_error *
bops_ws_driver_known(bool *out, struct bops_repo *repo)
{
	const struct bops_error *err;
	struct bops_buf value = BOPS_BUF_INIT;

	*out = false;
	err = bops_repo_config_get(&value, repo, "merge.bops.driver");
	bops_buf_release(&value);
	if (err && err->code == BOPS_ERR_NOT_FOUND)
		return NULL;
	*out = err == NULL;
	return err;
}

const struct bops_error *
bops_ws_driver_register(bool *added, struct bops_repo *repo)
{
	const struct bops_error *err;
	bool known;

	*added = false;
	if ((err = bops_ws_driver_known(&known, repo)) || known)
		return err;
	if ((err = bops_repo_config_set(repo, "merge.bops.name",
	    BOPS_DRIVER_NAME)) ||
	    (err = bops_repo_config_set(repo, "merge.bops.driver",
	    BOPS_DRIVER_COMMAND)))
		return err;
	*added = true;
	return NULL;
}

/*
 * Where a new workspace goes: dir, made when missing (*made says so),
 * its absolute path into ws->root.  BOPS_ERR_REFUSED when it is a
 * workspace already, or inside one (almost always a mistake).
 */
static const struct bops_error *
init_root(struct bops_ws *ws, const char *dir, bool *made)
{
	const struct bops_error *err = NULL;
	struct bops_buf root = BOPS_BUF_INIT, path = BOPS_BUF_INIT;

	*made = false;
	if (!is_dir(dir)) {
		if (mkdir(dir, 0777) && errno != EEXIST)
			return bops_error_errno("create '%s'", dir);
		*made = true;
	}
	if ((err = absolute(&root, dir)))
		goto done;
	ws->root = bops_buf_detach(&root);
	bops_buf_printf(&path, "%s" BOPS_CONFIG_PATH, ws->root);
	if (bops_file_exists(path.ptr)) {
		err = bops_error_fmt(BOPS_ERR_REFUSED,
		    "'%s' is already a bops workspace", ws->root);
		goto done;
	}
	bops_buf_reset(&path);
	bops_buf_printf(&path, "%s.git", ws->root);
	if (!bops_file_exists(path.ptr) && strlen(ws->root) > 1) {
		bops_buf_reset(&path);
		bops_buf_put(&path, ws->root, strlen(ws->root) - 1);
		bops_buf_puts(&path, "/..");
		if (find_root(&root, path.ptr) == NULL)
			err = bops_error_fmt(BOPS_ERR_REFUSED, "'%s' is inside "
			    "the workspace '%s'", ws->root, root.ptr);
	}
done:
	bops_buf_release(&root);
	bops_buf_release(&path);
	return err;
}

/*
 * The first commit of a workspace, by name and email: bops.yaml from the
 * template, the workspace named after its directory, and
 * .gitattributes; both then written to the work tree and the index, and
 * git told of the merge driver.
 */
static const struct bops_error *
init_commit(struct bops_ws *ws, const char *name, const char *email)
{
	const struct bops_error *err;
	struct bops_buf text = BOPS_BUF_INIT, attrs = BOPS_BUF_INIT;
	struct bops_buf dirname = BOPS_BUF_INIT;
	struct bops_node *config = NULL;
	struct bops_change changes[2];
	struct stat sts[2];
	const char *paths[2] = { BOPS_CONFIG_PATH, BOPS_ATTRIBUTES_PATH };
	const char *data;
	struct bops_sig sig;
	char *base, commit[BOPS_OID_HEXSZ + 1];
	size_t len;
	bool registered;

	data = bops_share_get("templates/bops.yaml", &len);
	if ((err = bops_ws_config_parse(&config, ws->config_schema,
	    "templates/bops.yaml", data, len)))
		goto done;
	base = strrchr(ws->root, '/');
	while (base > ws->root && base[-1] != '/')
		base--;
	bops_buf_put(&dirname, base, strlen(base) - 1);
	if (dirname.len)
		bops_node_map_set_str(config, "name", dirname.ptr,
		    BOPS_SCALAR_TEXT);
	if ((err = bops_ws_config_emit(&text, ws->config_schema, config)))
		goto done;
	bops_ws_attributes(&attrs);
	changes[0] = (struct bops_change){ .path = BOPS_CONFIG_PATH,
	    .data = text.ptr, .len = text.len };
	changes[1] = (struct bops_change){ .path = BOPS_ATTRIBUTES_PATH,
	    .data = attrs.ptr, .len = attrs.len };
	sig = (struct bops_sig){ name, email, ws->now };
	if ((err = bops_repo_commit(ws->repo, ws->refname.ptr, ws->head,
	    changes, 2, "bops init", &sig, commit)))
		goto done;
	/* An existing repository's work tree may hold links: never
	 * followed. */
	if ((err = bops_file_write_at(ws->root, BOPS_CONFIG_PATH, text.ptr,
	    text.len, false, &sts[0])) ||
	    (err = bops_file_write_at(ws->root, BOPS_ATTRIBUTES_PATH,
	    attrs.ptr, attrs.len, false, &sts[1])) ||
	    (err = bops_repo_index_set(ws->repo, commit, paths, 2, sts)))
		goto done;
	err = bops_ws_driver_register(&registered, ws->repo);
done:
	bops_node_free(config);
	bops_buf_release(&text);
	bops_buf_release(&attrs);
	bops_buf_release(&dirname);
	return err;
}

const struct bops_error *
bops_ws_init(struct bops_ws **out, const struct bops_ws_opts *opts)
{
	const struct bops_error *err;
	struct bops_buf path = BOPS_BUF_INIT;
	struct bops_ws *ws = NULL;
	const char *dir = opts->dir ? opts->dir : ".", *name, *email;
	const char *op, *how;
	bool created, made_dir = false;

	*out = NULL;
	if ((err = ws_new(&ws, opts)))
		return err;
	/*
	 * Only an existing repository's config can still give an identity:
	 * without one, create nothing.
	 */
	bops_buf_printf(&path, "%s/.git", dir);
	if ((err = bops_ws_identity(&name, &email, ws)) &&
	    (err->code != BOPS_ERR_NO_IDENTITY || !bops_file_exists(path.ptr)))
		goto done;
	if ((err = init_root(ws, dir, &made_dir)))
		goto done;
	if ((err = bops_ws_identity(&name, &email, ws)) &&
	    err->code != BOPS_ERR_NO_IDENTITY)
		goto done;
	if ((err = bops_repo_init(&ws->repo, ws->root, &created)))
		goto done;
	if ((err = bops_ws_identity(&name, &email, ws)))
		goto done;
	if ((op = bops_repo_operation(ws->repo, &how))) {
		err = bops_error_fmt(BOPS_ERR_GIT, "a git %s is in progress: "
		    "%s, then run bops again", op, how);
		goto done;
	}
	if ((err = bops_repo_head(ws->repo, ws->head, &ws->refname)) ||
	    (err = init_commit(ws, name, email)))
		goto done;
	err = bops_ws_refresh(ws);
done:
	bops_buf_release(&path);
	if (err && made_dir && ws->repo == NULL)
		(void)rmdir(dir);	/* nothing else was made */
	if (err) {
		bops_ws_close(ws);
		return err;
	}
	*out = ws;
	return NULL;
}
