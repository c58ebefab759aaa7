/*
 * yaml.h: load YAML under the bops profile, and emit canonical YAML.
 * The only file of lib/ that includes <yaml.h> is yaml.c.
 *
 * The profile (records are hostile input):
 *   - UTF-8 only (a BOM is refused too); at most BOPS_YAML_MAX_SIZE bytes;
 *   - exactly one document, whose root is a mapping;
 *   - nesting depth at most BOPS_YAML_MAX_DEPTH (the root map is depth 1);
 *   - no anchors, aliases, tags (explicit `!x` or `!!str`), merge keys
 *     (`<<`), duplicate keys, non-scalar keys;
 *   - no NUL or control characters other than tab and newline (CR is
 *     refused), anywhere in the file; control characters are C0, DEL and
 *     C1 (U+0085 too), and the same are refused when a double-quoted
 *     escape produces them (`"\e"`, `"\0"`);
 *   - no raw U+2028, U+2029 (libyaml reads them as line breaks), U+FEFF
 *     (skipped at the start of a line), U+FFFE, U+FFFF; escaped in double
 *     quotes they are fine;
 *   - no merge conflict markers: a line starting with `<<<<<<< `,
 *     `=======` (alone on its line), `>>>>>>> ` or `||||||| ` (a bare
 *     `<<<<<<<` at the end of a line too);
 *   - an empty file, or one holding only comments (or only `---`), is an
 *     error: "path:1:1: empty document".
 * Errors found before parsing (size, BOM, encoding) also carry a position:
 * a file too large is "path:1:1: file too large (N bytes, at most
 * 1048576)".  A quoted `'<<'` key is an ordinary key; only a plain `<<`
 * is a merge key.
 * Every scalar is loaded as text; YAML 1.1 look-alikes (`NO`, `1.10`,
 * `0x1F`, `null`, `~`) stay strings exactly as written.  An empty plain
 * value (`key:`) loads as the empty string "".  `quoted` is set for
 * quoted and block scalars; every node gets line/col, every map value
 * key_line/key_col.
 */
#ifndef BOPS_YAML_H
#define BOPS_YAML_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "node.h"

#define BOPS_YAML_MAX_SIZE (1024 * 1024)
#define BOPS_YAML_MAX_DEPTH 32

/*
 * Parse `len` bytes of `data` into *out (a map node).  `path` names the
 * file in messages: every error is BOPS_ERR_INVALID with the text
 * "path:line:col: message", line and column counted from 1 (encoding
 * errors included: the column counts characters of the valid prefix of
 * the line, plus one).  On error *out is NULL.  The caller frees *out with
 * bops_node_free().
 */
const struct bops_error *bops_yaml_load(struct bops_node **out,
    const char *path, const char *data, size_t len);

/*
 * Append the canonical YAML text of `root` to `out`: block style, two
 * spaces of indent, sequences of mappings as "- key: value", keys in the
 * node's order, a final newline, no document markers.  A sequence under a
 * mapping key sits at the key's own indent ("key:\n- a\n- b"); a
 * sequence in a sequence starts on the item's line ("- - a").  Scalars by
 * style (see node.h): RAW plain (quoted like TEXT only if it could not
 * be read back plain, e.g. "a: b"); TEXT plain when safe, otherwise
 * single-quoted (or double-quoted with escapes when it holds a tab,
 * U+2028, U+2029, U+FEFF, U+FFFE or U+FFFF), and as a literal block (`|`,
 * `|-`, `|+` as needed, `|2` when the first line starts with a space or
 * tab) when it holds a newline; text of newlines only is double-quoted.
 * Text that starts like a merge conflict marker (`<<<<<<< `, `=======`,
 * `>>>>>>> `, `||||||| `) is quoted, so no line of the output reads as
 * one.  Keys follow the TEXT rules on one line; a key longer than
 * libyaml's simple keys allow is written as "? key" with ":" on the next
 * line.
 * An empty sequence or mapping is emitted as `[]` / `{}`, an empty TEXT
 * as ''.  A map value's `comment` (node.h) is written as "# " lines
 * before its key, after a blank line at the top level.
 * The same tree always gives the same bytes, and loading the
 * result gives back an equal tree (bops_node_equal).
 * Errors (BOPS_ERR_INVALID, `out` left as it was): a scalar or key with
 * a control character or invalid UTF-8 ("cannot emit value of 'title':
 * control character U+001B"), nesting deeper than BOPS_YAML_MAX_DEPTH;
 * both are what the loader would refuse.
 */
const struct bops_error *bops_yaml_emit(struct bops_buf *out,
    const struct bops_node *root);

/*
 * Check text about to be written to the file at `path`, as a later read
 * would: at most BOPS_YAML_MAX_SIZE bytes, loadable under the profile,
 * and (when want is not NULL) giving back a tree equal to want.  Every
 * write path calls this before anything is committed, so what bops
 * writes it can always read.  BOPS_ERR_INVALID "path: message":
 * "path: too large to write (1080165 bytes, at most 1048576)",
 * "path: would not read back (3:1: merge conflict marker)",
 * "path: would not read back as it was written".
 */
const struct bops_error *bops_yaml_verify(const char *path, const char *data,
    size_t len, const struct bops_node *want);

/*
 * Append `s` as a YAML scalar usable in a flow or block context as a
 * TEXT scalar would be emitted on one line (quoted if needed; newlines
 * escaped in double quotes).  Flow indicators and `:` make it quoted.
 * Never fails: control characters are escaped (`\e`, `\x07`) and a byte
 * that is not UTF-8 is written as `\xFF`, so the result is safe to print.
 * For `--yaml` output and messages.
 */
void bops_yaml_quote(struct bops_buf *out, const char *s);

#endif
