package io.medallion.jobs.generate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The campaigns of the whole run, and their cumulative performance on any day.
 *
 * <p>Campaigns start between 45 days before the first day and the last day, and run 7 to 90 days,
 * so each daily file lists the campaigns running that day. Performance is a pure function of the
 * seed, the campaign and the date: daily spend near budget / duration (never beyond the budget),
 * impressions from a cost per thousand, clicks and conversions from rates typical of the channel.
 * No defects are injected into campaigns. Immutable; safe to share between threads.
 */
final class CampaignSchedule {
    static final List<String> CHANNELS = List.of("email", "social", "search", "display");
    /** Per channel: cost per thousand impressions in cents, clicks per 10,000 impressions, conversions per 1,000 clicks. */
    private static final int[] COST_PER_THOUSAND_CENTS = {50, 600, 1_200, 300};
    private static final int[] CLICKS_PER_TEN_THOUSAND = {300, 100, 400, 30};
    private static final int[] CONVERSIONS_PER_THOUSAND = {40, 20, 60, 10};
    private static final List<String> TARGET_SEGMENTS = List.of(
            "all_customers", "new_customers", "lapsed_customers", "high_value", "loyalty_bronze", "loyalty_silver",
            "loyalty_gold", "loyalty_platinum", "young_adults", "families");
    private static final List<String> OCCASIONS =
            List.of("Sale", "Week", "Deals", "Launch", "Promo", "Weekend", "Clearance", "Spotlight");
    private static final int EARLIEST_START_DAYS_BEFORE = 45;

    private final long seed;
    private final List<Campaign> campaigns;

    private CampaignSchedule(long seed, List<Campaign> campaigns) {
        this.seed = seed;
        this.campaigns = List.copyOf(campaigns);
    }

    /** {@code count} campaigns overlapping the {@code days} days from {@code startDate}. */
    static CampaignSchedule create(int count, FakerPools pools, long seed, LocalDate startDate, int days) {
        SplittableRandom random = SeededRandom.of(seed, "campaigns", 0);
        List<Campaign> campaigns = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            LocalDate start = startDate.minusDays(EARLIEST_START_DAYS_BEFORE)
                    .plusDays(random.nextInt(EARLIEST_START_DAYS_BEFORE + days));
            LocalDate end = start.plusDays(6 + random.nextInt(84));
            ProductTaxonomy.Subcategory subcategory = ProductTaxonomy.randomSubcategory(random);
            String name = pools.buzzword(random) + " " + subcategory.name() + " " + FakerPools.pick(OCCASIONS, random);
            long budgetCents = (10L + random.nextInt(2_490)) * 10_000;
            campaigns.add(new Campaign(number, name, FakerPools.pick(CHANNELS, random), start, end, budgetCents,
                    FakerPools.pick(TARGET_SEGMENTS, random)));
        }
        return new CampaignSchedule(seed, campaigns);
    }

    /** The campaigns running on {@code date}, in campaign_id order. */
    List<Campaign> activeOn(LocalDate date) {
        return campaigns.stream().filter(campaign -> campaign.isActiveOn(date)).toList();
    }

    /** The campaign's totals from its start up to the end of {@code date}. */
    Campaign.Performance performanceThrough(Campaign campaign, LocalDate date) {
        int channel = CHANNELS.indexOf(campaign.channel());
        long durationDays = ChronoUnit.DAYS.between(campaign.startDate(), campaign.endDate()) + 1;
        long dailyBudgetCents = campaign.budgetCents() / durationDays;
        long elapsedDays = ChronoUnit.DAYS.between(campaign.startDate(), date) + 1;
        long impressions = 0;
        long clicks = 0;
        long conversions = 0;
        long spendCents = 0;
        for (long day = 0; day < Math.min(elapsedDays, durationDays); day++) {
            SplittableRandom random = SeededRandom.of(seed, "campaign-performance", campaign.number() * 1_000L + day);
            long daySpend = Math.min(campaign.budgetCents() - spendCents, dailyBudgetCents * (80 + random.nextInt(41)) / 100);
            long dayImpressions = daySpend * 1_000 / COST_PER_THOUSAND_CENTS[channel];
            long dayClicks = dayImpressions * CLICKS_PER_TEN_THOUSAND[channel] * (50 + random.nextInt(101)) / 1_000_000;
            long dayConversions = dayClicks * CONVERSIONS_PER_THOUSAND[channel] * (50 + random.nextInt(101)) / 100_000;
            impressions += dayImpressions;
            clicks += dayClicks;
            conversions += dayConversions;
            spendCents += daySpend;
        }
        return new Campaign.Performance(impressions, clicks, conversions, spendCents);
    }
}
