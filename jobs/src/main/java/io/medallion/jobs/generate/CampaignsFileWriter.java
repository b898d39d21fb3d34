package io.medallion.jobs.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes one day's {@code campaigns_<yyyy-MM-dd>.json} as JSON Lines: one object per campaign
 * running that day, with its performance totals up to the end of the day (nested under
 * {@code performance}) and an {@code updated_at} in the following night, when the day's report
 * arrives. Spend and budget are numbers with two decimals.
 */
final class CampaignsFileWriter {
    private final long seed;
    private final CampaignSchedule schedule;

    CampaignsFileWriter(long seed, CampaignSchedule schedule) {
        this.seed = seed;
        this.schedule = schedule;
    }

    WrittenFile write(DaySnapshot day, Path file) {
        List<Campaign> campaigns = schedule.activeOn(day.date());
        SplittableRandom random = SeededRandom.of(seed, "campaigns-report", day.dayIndex());
        long reportNight = day.date().plusDays(1).toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
        TextFileSink sink = TextFileSink.create(file);
        try (sink) {
            for (Campaign campaign : campaigns) {
                Campaign.Performance performance = schedule.performanceThrough(campaign, day.date());
                sink.ascii("{\"campaign_id\":\"CMP").zeroPadded(campaign.number(), 5).character('"');
                sink.ascii(",\"name\":").jsonString(campaign.name());
                sink.ascii(",\"channel\":").jsonString(campaign.channel());
                appendDate(sink.ascii(",\"start_date\":\""), campaign.startDate());
                appendDate(sink.ascii(",\"end_date\":\""), campaign.endDate());
                sink.ascii(",\"budget\":").hundredths(campaign.budgetCents());
                sink.ascii(",\"target_segment\":").jsonString(campaign.targetSegment());
                sink.ascii(",\"performance\":{\"impressions\":").number(performance.impressions());
                sink.ascii(",\"clicks\":").number(performance.clicks());
                sink.ascii(",\"conversions\":").number(performance.conversions());
                sink.ascii(",\"spend\":").hundredths(performance.spendCents());
                sink.ascii("},\"updated_at\":\"")
                        .isoInstant(reportNight + 3_600 + random.nextInt(7_200))
                        .ascii("\"}")
                        .newline();
            }
        }
        return WrittenFile.withoutDefects(
                    new GeneratedFile("campaigns", file.toString(), campaigns.size(), sink.bytesWritten()));
    }

    private static void appendDate(TextFileSink sink, LocalDate date) {
        sink.date(date).character('"');
    }
}
