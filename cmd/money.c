/*
 * money.c: the amount of a deal and the budget of a project, typed to add
 * and set with the currency they are in, checked before the lock.
 */

#include "cmd.h"
#include "money.h"
#include "banned.h"

const struct bops_error *
money_check(const struct money_field *mf, int argc, char **argv, int from,
    const char *currency)
{
	const struct bops_error *err;
	const char *amount = arg_value(argc, argv, from, mf->field);
	const char *cur = arg_value(argc, argv, from, "currency");
	char code[4];
	int64_t units;

	if (cur)
		currency = cur;
	if (currency && (err = bops_money_currency(code, currency)))
		return err;
	if (amount && currency == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "%s", mf->no_currency);
	if (amount)
		return mf->parse(&units, amount, code);
	return NULL;
}

/* The field of set checked in the record's own currency, or the new one. */
static const struct bops_error *
check_set(const struct bops_record *rec, int n, char **exprs, const void *arg)
{
	return money_check(arg, n, exprs, 0, bops_record_str(rec, "currency"));
}

const struct bops_error *
money_set(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, const struct money_field *mf)
{
	return record_set_checked(ctx, kind, a, check_set, mf);
}
