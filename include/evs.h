/*
 * evs.h - the evstudy library: load daily prices, align them on trading
 * calendars, model normal returns, measure and test abnormal returns, and
 * report.  This umbrella header includes every public module; see each
 * evs/<module>.h for its contract, and evs/common.h for the rules on
 * errors, ownership and units that hold everywhere.
 */
#ifndef EVS_H
#define EVS_H

#include "evs/common.h"
#include "evs/date.h"
#include "evs/series.h"
#include "evs/load.h"
#include "evs/events.h"
#include "evs/calendar.h"
#include "evs/factors.h"
#include "evs/model.h"
#include "evs/stattest.h"
#include "evs/study.h"
#include "evs/report.h"
#include "evs/studyfile.h"
#include "evs/backtest.h"
#include "evs/plot.h"
#include "evs/ipo.h"
#include "evs/fetch.h"
#include "evs/cache.h"

#endif
