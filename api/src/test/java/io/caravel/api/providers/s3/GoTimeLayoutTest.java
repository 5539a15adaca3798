package io.caravel.api.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoTimeLayoutTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2006-01-02",
                "2006-01",
                "2006",
                "200601",
                "2006.01.02",
                "2006-01-02T1",
                "2006-01-02T15:04:05Z07:00",
                "Jan 2, 2006",
                "January 02 2006",
                "Mon Jan 2 15:04:05 2006",
                "06-1-2 3:4:5 PM",
                "15:04:05.000",
                "15:04:05.999",
                "2006-01-02 15:04 -0700",
                "2006-01-02T15:04Z0700",
                "_2006",
                "abc",
                "Janet 2006",
                "Monthly 2006"
            })
    void acceptedLayouts(String layout) {
        assertThat(GoTimeLayout.compile(layout)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Jan _2 2006",
                "2006 MST",
                "__2",
                "2006-002",
                "15:04:05,000",
                "15:04:05,999"
            })
    void refusedLayouts(String layout) {
        assertThat(GoTimeLayout.compile(layout)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2006-01-02 | 2023-01-02 | 2023-01-02",
                "2006-01-02 | 2024-02-29 | 2024-02-29",
                "2006-01-02T15:04:05Z07:00 | 2023-01-01T10:00:00Z | 2023-01-01T10:00:00Z",
                "2006-01-02T15:04:05Z07:00 | 2023-01-01T10:00:00+00:00 | 2023-01-01T10:00:00Z",
                "2006-01-02T15:04:05Z07:00 | 2023-01-02T01:00:00+09:00 | 2023-01-02T01:00:00+09:00",
                "2006-01-02 15:04 -07:00 | 2023-01-02 01:00 +00:00 | 2023-01-02 01:00 +00:00",
                "Jan 2, 2006 | feb 3, 2021 | Feb 3, 2021",
                "January 2006 | SEPTEMBER 2021 | September 2021",
                "3:04PM | 11:30PM | 11:30PM",
                "3:04PM | 12:30AM | 12:30AM",
                "15:04 | 7:05 | 07:05",
                "1/2/06 | 12/31/99 | 12/31/99",
                "1/2/06 | 01/02/68 | 1/2/68",
                "Mon 2006-01-02 | Tue 2006-01-02 | Mon 2006-01-02",
                "15:04:05.000 | 10:00:00.120 | 10:00:00.120",
                "15:04:05.999 | 10:00:00.120 | 10:00:00.12",
                "15:04:05.999 | 10:00:00 | 10:00:00",
                "2006-01-02T1 | 2023-01-01T1 | 2023-01-01T1"
            })
    void readsAndPrintsAsGo(String layout, String text, String printed) {
        assertThat(GoTimeLayout.compile(layout).orElseThrow().reformat(text)).contains(printed);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2006-01-02 | 2023-02-30",
                "2006-01-02 | 2023-02-29",
                "2006-01-02 | 2023-13-01",
                "2006-01-02 | 2023-1-02",
                "2006-01-02 | 2023-01-02x",
                "2006-01-02 | 2023-01",
                "2006-01-02T1 | 2023-01-02T0",
                "15:04 | 24:00",
                "15:04 | 12:60",
                "3:04PM | 13:00PM",
                "3:04PM | 11:30pm",
                "Jan 2 | Jant 2",
                "2006 | +202",
                "2006-01-02T15:04:05Z07:00 | 2023-01-01T10:00:00"
            })
    void refusesWhatGoRefuses(String layout, String text) {
        assertThat(GoTimeLayout.compile(layout).orElseThrow().reformat(text)).isEmpty();
    }

    @Test
    void janFollowedByLowerCaseIsLiteral() {
        GoTimeLayout layout = GoTimeLayout.compile("Janet 2006").orElseThrow();

        assertThat(layout.reformat("Janet 2023")).contains("Janet 2023");
        assertThat(layout.reformat("Feb 2023")).isEmpty();
    }
}
