#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "hash.h"
#include "head.h"
#include "banned.h"

/*
 * The file: a magic line, the commit, the config blob, a line per kind
 * (its tree, "-" when absent), the config's length, its bytes, and the
 * checksum of all that in 8 bytes (little-endian).  Bump the magic
 * when the format changes.
 */
#define HEAD_MAGIC "BOPSHEAD1\n"
#define HEAD_FILE "bops/cache/head"
#define SUM_LEN 8

void
bops_head_init(struct bops_head *h)
{
	memset(h, 0, sizeof(*h));
	bops_buf_init(&h->config_data);
}

void
bops_head_release(struct bops_head *h)
{
	bops_buf_release(&h->config_data);
	bops_head_init(h);
}

static void
forget(struct bops_head *h)
{
	bops_buf_release(&h->config_data);
	bops_head_init(h);
}

/* A line of exactly 40 lower-case hex digits (or "-" when dash) at *p. */
static bool
hex_line(char out[BOPS_OID_HEXSZ + 1], const char **p, const char *end,
    bool dash)
{
	size_t i;

	if (dash && end - *p >= 2 && (*p)[0] == '-' && (*p)[1] == '\n') {
		out[0] = '\0';
		*p += 2;
		return true;
	}
	if (end - *p < BOPS_OID_HEXSZ + 1 || (*p)[BOPS_OID_HEXSZ] != '\n')
		return false;
	for (i = 0; i < BOPS_OID_HEXSZ; i++)
		if (!(((*p)[i] >= '0' && (*p)[i] <= '9') ||
		    ((*p)[i] >= 'a' && (*p)[i] <= 'f')))
			return false;
	memcpy(out, *p, BOPS_OID_HEXSZ);
	out[BOPS_OID_HEXSZ] = '\0';
	*p += BOPS_OID_HEXSZ + 1;
	return true;
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

bool
bops_head_load(struct bops_head *h, const char *gitdir, const char *commit)
{
	struct bops_buf path = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	const char *p, *end;
	char *num_end;
	unsigned long len;
	size_t i, m = strlen(HEAD_MAGIC);
	bool ok = false;

	forget(h);
	bops_buf_printf(&path, "%s" HEAD_FILE, gitdir);
	if (bops_file_read(&data, path.ptr, 0) || data.len < m + SUM_LEN ||
	    memcmp(data.ptr, HEAD_MAGIC, m) ||
	    get64((const unsigned char *)data.ptr + data.len - SUM_LEN) !=
	    bops_checksum(data.ptr, data.len - SUM_LEN))
		goto done;
	p = data.ptr + m;
	end = data.ptr + data.len - SUM_LEN;
	if (!hex_line(h->commit, &p, end, false) ||
	    strcmp(h->commit, commit) || !hex_line(h->config, &p, end, false))
		goto done;
	for (i = 0; i < BOPS_KIND__COUNT; i++)
		if (!hex_line(h->trees[i], &p, end, true))
			goto done;
	if (p >= end || *p < '0' || *p > '9')
		goto done;
	len = strtoul(p, &num_end, 10);
	if (num_end >= end || *num_end != '\n' ||
	    len != (unsigned long)(end - num_end - 1))
		goto done;
	bops_buf_put(&h->config_data, num_end + 1, len);
	ok = true;
done:
	if (!ok)
		forget(h);
	bops_buf_release(&path);
	bops_buf_release(&data);
	return ok;
}

static void
save(const struct bops_head *h, const char *gitdir)
{
	struct bops_buf path = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	uint64_t sum;
	size_t i;

	bops_buf_printf(&out, HEAD_MAGIC "%s\n%s\n", h->commit, h->config);
	for (i = 0; i < BOPS_KIND__COUNT; i++)
		bops_buf_printf(&out, "%s\n", h->trees[i][0] ? h->trees[i] :
		    "-");
	bops_buf_printf(&out, "%zu\n", h->config_data.len);
	bops_buf_put(&out, h->config_data.ptr, h->config_data.len);
	sum = bops_checksum(out.ptr, out.len);
	for (i = 0; i < SUM_LEN; i++)
		bops_buf_putc(&out, (int)((sum >> (8 * i)) & 0xff));
	bops_buf_printf(&path, "%s" HEAD_FILE, gitdir);
	if (bops_file_write_cache(path.ptr, out.ptr, out.len))
		(void)0;	/* a read-only .git: reads still answer */
	bops_buf_release(&path);
	bops_buf_release(&out);
}

const struct bops_error *
bops_head_read(struct bops_head *h, struct bops_repo *repo,
    const char *commit)
{
	const struct bops_error *err;
	size_t i;

	forget(h);
	if ((err = bops_repo_read(repo, commit, BOPS_CONFIG_PATH,
	    &h->config_data, h->config)))
		goto fail;
	for (i = 0; i < BOPS_KIND__COUNT; i++)
		if ((err = bops_repo_entry_id(repo, commit, bops_kinds[i].dir,
		    h->trees[i])))
			goto fail;
	snprintf(h->commit, sizeof(h->commit), "%s", commit);
	save(h, bops_repo_gitdir(repo));
	return NULL;
fail:
	forget(h);
	return err;
}
