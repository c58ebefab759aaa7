/*
 * deal.h: deals, the sales pipeline.
 *
 * A deal moves through the stages of deal.stages in bops.yaml
 * (qualified, proposal, negotiation, won, lost by default), each with a
 * win probability in percent (deal.probability: 20, 40, 70, 100, 0).  The
 * stages named won and lost close a deal; bops.yaml must have both.
 * Its amount is exact (money.h): a decimal string with as many decimals
 * as its ISO 4217 currency has minor units.
 *
 * The rules of a deal (bops_deal_rules, kind.h):
 *   - validate: an amount needs a currency; the currency is an ISO 4217
 *     code; the amount is one of that currency (BOPS_ERR_INVALID
 *     "path:line:col: message");
 *   - check, for every write but a merge: a new deal without a stage
 *     starts in the first; the amount is written canonically ("1250.5"
 *     becomes "1250.50"); a deal moved to lost needs a lost_reason
 *     (BOPS_ERR_USAGE); every change of stage is appended to
 *     stage_history (bops_customer_track);
 *   - config: deal.stages holds won and lost;
 *   - report (topic sales): the pipeline, open deals by stage with their
 *     amounts per currency; the forecast of the report's period
 *     (bops_deal_forecast), a bar per month and currency of the weighted
 *     amounts, and the deals won and lost, the win rate and the median
 *     days to close; in the weekly report, the deals won in the week.
 */
#ifndef BOPS_DEAL_H
#define BOPS_DEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "money.h"

struct bops_record;
struct bops_ws;

/* What the board and the forecast need of one deal. */
struct bops_deal_fact {
	const char *stage;	/* borrowed from the record */
	char currency[4];	/* "" without an amount */
	int minor;		/* the currency's minor units */
	int64_t amount;		/* minor units; 0 without one */
	int percent;		/* the stage's win probability */
	bool won, lost;		/* its stage closes it */
	int32_t expected_close;	/* a day, or INT32_MIN */
	int64_t created;	/* instant */
	int64_t closed;		/* when it entered its closing stage, or -1 */
};

/*
 * The facts of deal rec under ws's config.  rec must be valid; the fact
 * borrows its stage.
 */
void bops_deal_fact(struct bops_deal_fact *out, struct bops_ws *ws,
    const struct bops_record *rec);

/*
 * The order of deals on the board, as strcmp orders strings: the sooner
 * expected_close first, a deal without one last; on the same day, by
 * currency code, and in one currency the larger amount first (amounts
 * of two currencies are never compared), a deal without an amount after
 * those with one.  Deals this does not tell apart compare equal; the
 * caller breaks the tie (by id).
 */
int bops_deal_cmp(const struct bops_deal_fact *a,
    const struct bops_deal_fact *b);

/* The win probability of stage (deal.probability), 0 when unset. */
int bops_deal_probability(struct bops_ws *ws, const char *stage);

/*
 * The forecast of a period [from, to) of instants whose days are
 * [first, last]:
 *   months     open deals whose expected_close falls in the period, by
 *              month (months[i].month is the first day of the month,
 *              ascending), with their amounts and weighted amounts per
 *              currency;
 *   won, lost  the deals that entered won or lost in the period, with
 *              their amounts per currency;
 *   win_rate   won / (won + lost) by count, -1 when none closed;
 *   median_days  the median days from created to won over the deals won
 *              in the period, -1 when none.
 * Release with bops_deal_forecast_release().
 */
struct bops_forecast_month {
	int32_t month;
	size_t n;
	struct bops_money_totals totals;
};
struct bops_forecast {
	struct bops_forecast_month *months;
	size_t nmonths;
	size_t nwon, nlost;
	struct bops_money_totals won, lost;
	double win_rate;
	double median_days;
};
void bops_deal_forecast(struct bops_forecast *out,
    const struct bops_deal_fact *facts, size_t n, int32_t first,
    int32_t last, int64_t from, int64_t to);
void bops_deal_forecast_release(struct bops_forecast *f);

#endif
