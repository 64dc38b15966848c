import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval(
  "mark idle users away",
  { minutes: 5 },
  internal.users.markIdleUsersAway,
);

// finding: no-top-of-hour-crons
crons.daily("channel digests", { hourUTC: 7, minuteUTC: 0 }, internal.channels.scheduleDigests);

// Mondays at 09:17 UTC.
crons.cron("report digest", "17 9 * * 1", internal.admin.reports.sendDigest);

export default crons;
