/*
 * git-index.c: the index brought to a commit in O(change).  libgit2 1.5
 * reads all of the index to change one entry, and writes all of it
 * again (at 100,000 records, 8.8 MB parsed, checked and written: nine
 * tenths of a write).  Here the file is taken as git and libgit2 take
 * it (index.lock made with O_EXCL, renamed over index), the old file is
 * mapped and walked once, and the new one is written from the mapped
 * bytes in runs, with the entries of the changed paths put in, replaced
 * or left out, the SHA-1 computed as the bytes go out (nettle).  The
 * format is gitformat-index(5), versions 2 and 3.
 *
 * Whatever is unusual is left to libgit2 (bops_repo_index_set_general),
 * which is the general path: no index yet, version 4, a mandatory
 * extension, a conflict, extended or assume-valid flags at a changed
 * path, a file where a changed path needs a directory (or the other
 * way), a lock that cannot be taken, a checksum that does not match
 * (libgit2 then reports the corrupt index as it always has), and
 * anything else that does not parse.
 *
 * Of the optional extensions only the resolve-undo records (REUC) are
 * kept: they are about conflicts of other paths (a changed path with a
 * conflict goes to libgit2), and a resolution is not undone by bops.
 * The others describe the entries as they were and are dropped, as git
 * drops what it cannot keep right: the cache tree (TREE), which git
 * rebuilds on its next commit and bops never reads (its trees are made
 * from HEAD's), where invalidating the nodes along each path would be
 * a second parser for a few milliseconds of a later hand commit; the
 * untracked cache (UNTR) and the fsmonitor's state (FSMN), which git
 * makes again; and the offsets of EOIE and IEOT, which would be wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <nettle/sha1.h>

#include "buf.h"
#include "file.h"
#include "git.h"
#include "git-int.h"
#include "banned.h"

#define HEADER_SIZE	12
#define HASH_SIZE	20
#define ENTRY_FIXED	62	/* the stat data, id and flags */
#define FLAG_VALID	0x8000	/* assume-valid */
#define FLAG_EXTENDED	0x4000	/* version 3: two bytes of flags more */
#define NAME_MASK	0x0fff
#define MAX_ADDED	32	/* entries made: each is checked against all */

/* One path to bring to the commit. */
struct change {
	const char *path;
	size_t len;
	unsigned mode;		/* 0: its entry goes */
	git_oid oid;
	const struct stat *st;	/* NULL: no stat data */
	size_t pos;		/* offset of the entry it replaces or precedes */
	size_t old_size;	/* of the entry it replaces; 0: none */
};

/* An entry of the old file, as the walk sees it. */
struct entry {
	const unsigned char *p;
	const char *path;
	size_t len, size;
	unsigned flags;
};

/* A racily clean entry copied with its size made 0. */
struct smudge {
	size_t off, size;
};

struct plan {
	const unsigned char *map;
	size_t size;		/* of the file */
	struct timespec mtime;	/* of the file */
	uint32_t version, count, new_count;
	size_t end;		/* of the entries */
	size_t reuc, reuc_len;	/* the REUC extension, header included */
	struct change *ch;
	size_t n;
	const struct change **add;	/* the changes that make an entry */
	size_t nadd;
	struct smudge *sm;
	size_t nsm, sm_alloc;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Git's order of index entries: the path's bytes, a prefix first. */
static int
path_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int
change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;

	return path_cmp(x->path, x->len, y->path, y->len);
}

/* The on-disk size of an entry whose fixed part and path take len. */
static size_t
entry_size(size_t fixed, size_t len)
{
	return (fixed + len + 8) & ~(size_t)7;
}

/* The entry at off, false when it does not parse. */
static bool
entry_at(struct entry *e, const struct plan *pl, size_t off)
{
	const unsigned char *p = pl->map + off, *nul;
	size_t room = pl->size - HASH_SIZE - off, fixed = ENTRY_FIXED;

	if (off > pl->size - HASH_SIZE || room < ENTRY_FIXED + 1)
		return false;
	e->p = p;
	e->flags = (unsigned)p[60] << 8 | p[61];
	if (e->flags & FLAG_EXTENDED) {
		if (pl->version < 3)
			return false;
		fixed += 2;
	}
	if (room < fixed + 1)
		return false;
	e->path = (const char *)p + fixed;
	e->len = e->flags & NAME_MASK;
	if (e->len == NAME_MASK) {
		/* 0xfff and more: the path ends at its NUL. */
		if ((nul = memchr(p + fixed, '\0', room - fixed)) == NULL)
			return false;
		e->len = (size_t)(nul - (p + fixed));
	} else if (e->len + 1 > room - fixed || p[fixed + e->len] != '\0' ||
	    memchr(e->path, '\0', e->len) != NULL) {
		return false;
	}
	e->size = entry_size(fixed, e->len);
	return e->len > 0 && e->size <= room;
}

/*
 * Whether an entry at path e and the entry made for c cannot both be:
 * one of them would be a directory of the other.
 */
static bool
clashes(const char *e, size_t elen, const struct change *c)
{
	if (c->mode == 0)
		return false;
	if (elen < c->len)
		return c->path[elen] == '/' && memcmp(e, c->path, elen) == 0;
	if (elen > c->len)
		return e[c->len] == '/' && memcmp(e, c->path, c->len) == 0;
	return false;
}

/*
 * Whether git could take the work-tree file of racily clean entry e for
 * unchanged when it is not.  Its mtime is in the second the old index
 * was written: an edit later in that second, of the same size, shows in
 * no stat data git compares.  Against the new index, written later, git
 * would trust them, so, as git's ce_smudge_racily_clean_entry and
 * libgit2's truncate_racily_clean do, the content is compared: the file
 * is looked at without following a link (bops_file_stat_at), and
 * whatever cannot be settled is smudged, which only makes git read it.
 */
static bool
must_smudge(struct bops_repo *repo, const struct entry *e)
{
	const struct bops_error *err;
	struct bops_buf path = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	enum bops_file_type type;
	struct stat st;
	git_oid oid;
	uint32_t mode = be32(e->p + 24), size = be32(e->p + 36);
	bool smudge = true;

	bops_buf_put(&path, e->path, e->len);
	if ((err = bops_file_stat_at(repo->workdir, path.ptr, &type, &st)))
		goto done;
	if (type != ((mode & 0170000) == 0120000 ? BOPS_FILE_SYMLINK :
	    BOPS_FILE_REGULAR) || (uint32_t)st.st_size != size ||
	    (uint32_t)st.st_mtim.tv_sec != be32(e->p + 8)) {
		/* git sees this one changed by its stat data alone. */
		smudge = false;
		goto done;
	}
	/* A link's content is its target. */
	if (type == BOPS_FILE_SYMLINK)
		err = bops_file_readlink_at(&data, repo->workdir, path.ptr);
	else
		err = bops_file_read_at(&data, repo->workdir, path.ptr,
		    size ? size : 1);
	if (err == NULL &&
	    git_odb_hash(&oid, data.ptr, data.len, GIT_OBJECT_BLOB) == 0)
		smudge = memcmp(oid.id, e->p + 40, HASH_SIZE) != 0;
done:
	bops_buf_release(&path);
	bops_buf_release(&data);
	return smudge;
}

static void
add_smudge(struct plan *pl, size_t off, size_t size)
{
	if (pl->nsm == pl->sm_alloc) {
		pl->sm_alloc = pl->sm_alloc ? 2 * pl->sm_alloc : 8;
		pl->sm = bops_realloc(pl->sm, pl->sm_alloc * sizeof(*pl->sm));
	}
	pl->sm[pl->nsm].off = off;
	pl->sm[pl->nsm++].size = size;
}

/*
 * An entry that no change names: it must not be a directory of one,
 * nor under one; if it is racily clean, it is compared.
 */
static bool
plan_kept(struct plan *pl, struct bops_repo *repo, const struct entry *e,
    size_t off)
{
	size_t i;

	for (i = 0; i < pl->nadd; i++)
		if (clashes(e->path, e->len, pl->add[i]))
			return false;
	if (be32(e->p + 36) != 0 && (be32(e->p + 24) & 0170000) != 0160000 &&
	    (int64_t)be32(e->p + 8) >= (int64_t)pl->mtime.tv_sec &&
	    must_smudge(repo, e))
		add_smudge(pl, off, e->size);
	return true;
}

/*
 * Walk the entries once: where each change goes, which entries are
 * smudged, where the entries end.  False when libgit2 must do it.
 */
static bool
plan_entries(struct plan *pl, struct bops_repo *repo)
{
	struct entry e;
	size_t off = HEADER_SIZE, ci = 0, i;
	uint32_t k;
	int c = 1;

	for (i = 0; i < pl->n; i++)
		pl->ch[i].pos = SIZE_MAX;
	for (k = 0; k < pl->count; k++) {
		if (!entry_at(&e, pl, off))
			return false;
		while (ci < pl->n && (c = path_cmp(pl->ch[ci].path,
		    pl->ch[ci].len, e.path, e.len)) < 0) {
			if (pl->ch[ci].pos == SIZE_MAX)
				pl->ch[ci].pos = off;
			ci++;
		}
		if (ci < pl->n && c == 0) {
			/* A second entry of the path is a conflict. */
			if ((e.flags & (FLAG_VALID | FLAG_EXTENDED)) ||
			    (e.flags >> 12 & 3) != 0 || pl->ch[ci].old_size)
				return false;
			pl->ch[ci].pos = off;
			pl->ch[ci].old_size = e.size;
		} else if (!plan_kept(pl, repo, &e, off)) {
			return false;
		}
		off += e.size;
	}
	for (i = 0; i < pl->n; i++)
		if (pl->ch[i].pos == SIZE_MAX)
			pl->ch[i].pos = off;
	pl->end = off;
	return true;
}

/* The extensions after the entries: false for a mandatory one. */
static bool
plan_extensions(struct plan *pl)
{
	size_t off = pl->end, end = pl->size - HASH_SIZE, len;

	while (off < end) {
		if (end - off < 8)
			return false;
		len = be32(pl->map + off + 4);
		if (len > end - off - 8)
			return false;
		/* An extension whose name is not in capitals is mandatory. */
		if (pl->map[off] < 'A' || pl->map[off] > 'Z')
			return false;
		if (memcmp(pl->map + off, "REUC", 4) == 0) {
			pl->reuc = off;
			pl->reuc_len = 8 + len;
		}
		off += 8 + len;
	}
	return true;
}

/* Whether the file of size bytes at map ends in their SHA-1. */
static bool
sum_matches(const unsigned char *map, size_t size)
{
	struct sha1_ctx sha;
	uint8_t sum[HASH_SIZE];

	sha1_init(&sha);
	sha1_update(&sha, size - HASH_SIZE, map);
	sha1_digest(&sha, sizeof(sum), sum);
	return memcmp(sum, map + size - HASH_SIZE, HASH_SIZE) == 0;
}

/*
 * The header, its checksum (unless checked: bops_repo_index_prepare's
 * check found it right), the entries and the extensions of the file
 * mapped in pl: false when libgit2 must do the update.
 */
static bool
plan_file(struct plan *pl, struct bops_repo *repo, bool checked)
{
	size_t i;

	if (pl->size < HEADER_SIZE + HASH_SIZE ||
	    memcmp(pl->map, "DIRC", 4) != 0)
		return false;
	pl->version = be32(pl->map + 4);
	pl->count = be32(pl->map + 8);
	if (pl->version != 2 && pl->version != 3)
		return false;
	if (pl->count > (pl->size - HEADER_SIZE) / (ENTRY_FIXED + 2))
		return false;
	if (!checked && !sum_matches(pl->map, pl->size))
		return false;
	if (!plan_entries(pl, repo) || !plan_extensions(pl))
		return false;
	pl->new_count = pl->count;
	for (i = 0; i < pl->n; i++) {
		if (pl->ch[i].mode != 0 && pl->ch[i].old_size == 0)
			pl->new_count++;
		else if (pl->ch[i].mode == 0 && pl->ch[i].old_size != 0)
			pl->new_count--;
	}
	return true;
}

/*
 * The bytes of the new file: hashed, written to the lock, or both.  The
 * two are done on two processors when they can (write_file).
 */
struct out {
	int fd;
	const char *name;
	bool hash, write;
	struct sha1_ctx sha;
	off_t written, started;	/* bytes written; of them sent to disk */
};

/* Bytes written between two starts of their writeback. */
#define WRITEBACK_STEP (1 << 20)

static const struct bops_error *
put_raw(struct out *w, const void *data, size_t len)
{
	const char *p = data;
	ssize_t k;

	while (len > 0) {
		if ((k = write(w->fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return bops_error_errno("write '%s'", w->name);
		}
		p += k;
		len -= (size_t)k;
		w->written += k;
	}
	/*
	 * Each MiB is sent to the disk as the next is hashed: the rename
	 * over the old index would otherwise wait for all of it (ext4
	 * allocates a replacing file's blocks then, auto_da_alloc).  Only
	 * started, never waited for; a failure is no error.
	 */
	if (w->written - w->started >= WRITEBACK_STEP) {
		(void)sync_file_range(w->fd, w->started,
		    w->written - w->started, SYNC_FILE_RANGE_WRITE);
		w->started = w->written;
	}
	return NULL;
}

static const struct bops_error *
put(struct out *w, const void *data, size_t len)
{
	const struct bops_error *err;
	const unsigned char *p = data;
	size_t k;

	/* In runs of 64 KiB: hashed and written while in the cache. */
	while (len > 0) {
		k = len < 65536 ? len : 65536;
		if (w->hash)
			sha1_update(&w->sha, k, p);
		if (w->write && (err = put_raw(w, p, k)))
			return err;
		p += k;
		len -= k;
	}
	return NULL;
}

/* The new entry of c, as git writes one: stage 0, no flags. */
static const struct bops_error *
put_entry(struct out *w, const struct change *c)
{
	const struct bops_error *err;
	const struct stat *st = c->st;
	size_t size = entry_size(ENTRY_FIXED, c->len);
	unsigned char *p = bops_calloc(1, size);

	if (st != NULL) {
		put32(p, (uint32_t)st->st_ctim.tv_sec);
		put32(p + 4, (uint32_t)st->st_ctim.tv_nsec);
		put32(p + 8, (uint32_t)st->st_mtim.tv_sec);
		put32(p + 12, (uint32_t)st->st_mtim.tv_nsec);
		put32(p + 16, (uint32_t)st->st_dev);
		put32(p + 20, (uint32_t)st->st_ino);
		put32(p + 28, (uint32_t)st->st_uid);
		put32(p + 32, (uint32_t)st->st_gid);
		put32(p + 36, (uint32_t)st->st_size);
	}
	put32(p + 24, c->mode);
	memcpy(p + 40, c->oid.id, HASH_SIZE);
	p[60] = (unsigned char)((c->len < NAME_MASK ? c->len : NAME_MASK) >> 8);
	p[61] = (unsigned char)(c->len < NAME_MASK ? c->len : NAME_MASK);
	memcpy(p + ENTRY_FIXED, c->path, c->len);
	err = put(w, p, size);
	free(p);
	return err;
}

static const struct bops_error *
put_smudged(struct out *w, const struct plan *pl, const struct smudge *s)
{
	const struct bops_error *err;
	unsigned char *p = bops_malloc(s->size);

	memcpy(p, pl->map + s->off, s->size);
	put32(p + 36, 0);
	err = put(w, p, s->size);
	free(p);
	return err;
}

/*
 * The new file but its checksum: the old one's runs, between them what
 * changed.
 */
static const struct bops_error *
put_file(struct out *w, const struct plan *pl)
{
	const struct bops_error *err = NULL;
	unsigned char head[HEADER_SIZE];
	size_t off = HEADER_SIZE, ci = 0, si = 0, next;

	memcpy(head, pl->map, 8);
	put32(head + 8, pl->new_count);
	if ((err = put(w, head, sizeof(head))))
		return err;
	for (;;) {
		next = pl->end;
		if (ci < pl->n && pl->ch[ci].pos < next)
			next = pl->ch[ci].pos;
		if (si < pl->nsm && pl->sm[si].off < next)
			next = pl->sm[si].off;
		if ((err = put(w, pl->map + off, next - off)))
			return err;
		off = next;
		if (ci < pl->n && pl->ch[ci].pos == off) {
			if (pl->ch[ci].mode != 0 &&
			    (err = put_entry(w, &pl->ch[ci])))
				return err;
			off += pl->ch[ci++].old_size;
		} else if (si < pl->nsm && pl->sm[si].off == off) {
			if ((err = put_smudged(w, pl, &pl->sm[si])))
				return err;
			off += pl->sm[si++].size;
		} else {
			break;
		}
	}
	if (pl->reuc_len && (err = put(w, pl->map + pl->reuc, pl->reuc_len)))
		return err;
	return NULL;
}

/* The new file's SHA-1, made on another processor. */
struct hashing {
	struct out w;
	const struct plan *pl;
	unsigned char sum[HASH_SIZE];
};

static void *
hash_run(void *arg)
{
	struct hashing *h = arg;

	(void)put_file(&h->w, h->pl);	/* hashing alone cannot fail */
	sha1_digest(&h->w.sha, sizeof(h->sum), h->sum);
	return NULL;
}

/*
 * The new file into the lock w, then its SHA-1.  The same bytes are
 * hashed on a second processor while they are written here: the copy
 * into the page cache and the hash take about as long.
 */
static const struct bops_error *
write_file(struct out *w, const struct plan *pl)
{
	const struct bops_error *err;
	struct hashing h = { .w = { .fd = -1, .hash = true }, .pl = pl };
	unsigned char sum[HASH_SIZE];
	pthread_t t;
	bool apart;

	sha1_init(&h.w.sha);
	apart = pthread_create(&t, NULL, hash_run, &h) == 0;
	w->write = true;
	w->hash = !apart;
	sha1_init(&w->sha);
	err = put_file(w, pl);
	if (apart) {
		pthread_join(t, NULL);
		memcpy(sum, h.sum, sizeof(sum));
	} else {
		sha1_digest(&w->sha, sizeof(sum), sum);
	}
	return err ? err : put_raw(w, sum, sizeof(sum));
}

/*
 * The changes of paths into pl, sorted: *usual false when one is for
 * libgit2 (a directory, the same path twice, a file where another goes
 * as a directory, too many entries made to check each against).
 */
static const struct bops_error *
changes_of(struct plan *pl, bool *usual, struct bops_repo *repo,
    const char *commit_hex, const char *const *paths, size_t n,
    const struct stat *st)
{
	const struct bops_error *err = NULL;
	char hex[BOPS_OID_HEXSZ + 1];
	struct change *ch = bops_calloc(n ? n : 1, sizeof(*ch));
	size_t i, j, added = 0;

	*usual = false;
	for (i = 0; i < n; i++) {
		ch[i].path = paths[i];
		ch[i].len = strlen(paths[i]);
		if ((err = bops_repo_entry_mode(repo, commit_hex, paths[i],
		    hex, &ch[i].mode)))
			goto done;
		if (ch[i].mode == BOPS_MODE_TREE || ch[i].len == 0)
			goto done;
		if (ch[i].mode == 0)
			continue;
		if ((err = bops_git_parse_oid(&ch[i].oid, hex)))
			goto done;
		if (st && st[i].st_mode != 0 && ch[i].mode != BOPS_MODE_GITLINK)
			ch[i].st = &st[i];
		added++;
	}
	if (added > MAX_ADDED)
		goto done;
	qsort(ch, n, sizeof(*ch), change_cmp);
	pl->add = bops_calloc(added ? added : 1, sizeof(*pl->add));
	for (i = 0; i < n; i++) {
		if (i > 0 && change_cmp(&ch[i - 1], &ch[i]) == 0)
			goto done;
		if (ch[i].mode == 0)
			continue;
		for (j = 0; j < pl->nadd; j++)
			if (clashes(ch[i].path, ch[i].len, pl->add[j]))
				goto done;
		pl->add[pl->nadd++] = &ch[i];
	}
	*usual = true;
done:
	pl->ch = ch;
	pl->n = n;
	return err;
}

/*
 * The check of bops_repo_index_prepare: the index file as a thread
 * mapped it, and whether its checksum matched.  The thread touches
 * nothing but these fields, the file and nettle.
 */
struct index_check {
	pthread_t thread;
	char *path;
	void *map;		/* MAP_FAILED: none */
	size_t size;
	struct stat st;
	bool ok;
};

static void *
check_run(void *arg)
{
	struct index_check *k = arg;
	int fd;

	if ((fd = open(k->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return NULL;
	if (fstat(fd, &k->st) == 0 && S_ISREG(k->st.st_mode) &&
	    k->st.st_size >= HEADER_SIZE + HASH_SIZE &&
	    (uint64_t)k->st.st_size <= SIZE_MAX) {
		k->size = (size_t)k->st.st_size;
		k->map = mmap(NULL, k->size, PROT_READ,
		    MAP_PRIVATE | MAP_POPULATE, fd, 0);
		k->ok = k->map != MAP_FAILED && sum_matches(k->map, k->size);
	}
	close(fd);
	return NULL;
}

void
bops_repo_index_prepare(struct bops_repo *repo)
{
	struct bops_buf path = BOPS_BUF_INIT;
	struct index_check *k;

	if (repo->check)
		return;
	k = bops_calloc(1, sizeof(*k));
	k->map = MAP_FAILED;
	bops_buf_printf(&path, "%sindex", repo->gitdir);
	k->path = bops_buf_detach(&path);
	if (pthread_create(&k->thread, NULL, check_run, k) != 0) {
		free(k->path);
		free(k);
		return;
	}
	repo->check = k;
}

/* The finished check, taken from repo (NULL: none); see check_free. */
static struct index_check *
check_take(struct bops_repo *repo)
{
	struct index_check *k = repo->check;

	if (k)
		pthread_join(k->thread, NULL);
	repo->check = NULL;
	return k;
}

static void
check_free(struct index_check *k)
{
	if (k == NULL)
		return;
	if (k->map != MAP_FAILED)
		munmap(k->map, k->size);
	free(k->path);
	free(k);
}

void
bops_git_index_check_drop(struct bops_repo *repo)
{
	check_free(check_take(repo));
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * With index.lock held (fd): map the index, plan, write the lock.  On
 * *usual false nothing was written that counts.  The file a prepared
 * check read and found right is taken as it mapped it, when it is still
 * the file at index.
 */
static const struct bops_error *
update_locked(bool *usual, struct bops_repo *repo, struct plan *pl,
    int fd, const char *index, const char *lock)
{
	const struct bops_error *err = NULL;
	struct out w = { .fd = fd, .name = lock };
	struct index_check *k = check_take(repo);
	struct stat st;
	void *map = MAP_FAILED;
	bool checked = false;
	int ifd;

	*usual = false;
	if ((ifd = open(index, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		check_free(k);
		return NULL;
	}
	if (fstat(ifd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < HEADER_SIZE + HASH_SIZE ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(ifd);
		check_free(k);
		return NULL;
	}
	if (k && k->ok && same_file(&k->st, &st)) {
		map = k->map;
		k->map = MAP_FAILED;
		checked = true;
	} else {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ,
		    MAP_PRIVATE | MAP_POPULATE, ifd, 0);
	}
	close(ifd);
	check_free(k);
	if (map == MAP_FAILED)
		return NULL;
	pl->map = map;
	pl->size = (size_t)st.st_size;
	pl->mtime = st.st_mtim;
	if (plan_file(pl, repo, checked)) {
		*usual = true;
		err = write_file(&w, pl);
	}
	munmap(map, pl->size);
	return err;
}

const struct bops_error *
bops_repo_index_set_direct(bool *out, struct bops_repo *repo,
    const char *commit_hex, const char *const *paths, size_t n,
    const struct stat *st)
{
	const struct bops_error *err;
	struct bops_buf index = BOPS_BUF_INIT, lock = BOPS_BUF_INIT;
	struct plan pl;
	bool usual;
	int fd;

	NEED_GIT(repo);

	*out = false;
	memset(&pl, 0, sizeof(pl));
	if ((err = changes_of(&pl, &usual, repo, commit_hex, paths, n, st)) ||
	    !usual)
		goto done;
	bops_buf_printf(&index, "%sindex", repo->gitdir);
	bops_buf_printf(&lock, "%sindex.lock", repo->gitdir);
	/* As git and libgit2 take it; taken, libgit2 says so. */
	fd = open(lock.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0666);
	if (fd == -1)
		goto done;
	/*
	 * Not synced, as libgit2 does not sync the index it writes
	 * (GIT_OPT_ENABLE_FSYNC_GITDIR is not set): the index is no
	 * record's only copy.
	 */
	err = update_locked(&usual, repo, &pl, fd, index.ptr, lock.ptr);
	if (close(fd) == -1 && err == NULL && usual)
		err = bops_error_errno("close '%s'", lock.ptr);
	if (err == NULL && usual && rename(lock.ptr, index.ptr) == -1)
		err = bops_error_errno("rename '%s'", lock.ptr);
	if (err != NULL || !usual)
		unlink(lock.ptr);
	else
		*out = true;
	/* libgit2's copy in memory is read again before it is used. */
	if (*out)
		repo->index_stale = true;
done:
	bops_git_index_check_drop(repo);
	free(pl.ch);
	free(pl.add);
	free(pl.sm);
	bops_buf_release(&index);
	bops_buf_release(&lock);
	return err;
}
