package io.medallion.lakehouse.silver;

import io.medallion.quality.testing.SharedSpark;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the test classes that pin the merge's results: every merge in them goes through
 * {@link MergeKeyFilter} (whatever the table's size), whose whole job is to change no result.
 */
final class FilterEveryMergeTarget implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        SharedSpark.session().conf().set(MergeKeyFilter.MIN_BYTES_KEY, "0");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SharedSpark.session().conf().unset(MergeKeyFilter.MIN_BYTES_KEY);
    }
}
