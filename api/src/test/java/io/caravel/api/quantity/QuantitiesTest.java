package io.caravel.api.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest(name = "case 36: memory and disk {0} -> {1}")
    @CsvSource({"42, 42", "42MB, 42000000", "42MiB, 44040192", "42mb, 42000000", "42mib, 44040192"})
    void case36ParsesMemoryAndDiskSizes(String text, long bytes) {
        assertThat(Quantities.parseBytes(text, "memory")).isEqualTo(bytes);
        assertThat(Quantities.parseBytes(text, "disk")).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "case 37 / derived: {0} -> {1} bytes")
    @CsvSource(
            delimiter = ';',
            value = {
                "1Gi; 1073741824",
                "512Mb; 512000000",
                "1.5gb; 1500000000",
                "'1,024kb'; 1024000",
                "1b; 1",
                "1k; 1000",
                "1KiB; 1024",
                "2 GiB; 2147483648",
                ".5k; 500",
                "5.; 5",
                "1t; 1000000000000",
                "1ti; 1099511627776",
                "1p; 1000000000000000",
                "1pib; 1125899906842624",
                "1e; 1000000000000000000",
                "1ei; 1152921504606846976",
                "0.1kb; 100",
                "1.9; 1"
            })
    void parsesSizesWithDecimalAndBinaryUnits(String text, long bytes) {
        assertThat(Quantities.parseBytes(text, "memory")).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "case 37: memory {0} is refused")
    @ValueSource(strings = {"-1gb", "abc", "1e9", "", "gb", "1.2.3", "1 zb", "1gbb", "+1", "1x"})
    void refusesMalformedSizes(String text) {
        assertThatThrownBy(() -> Quantities.parseBytes(text, "memory"))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessageStartingWith("invalid memory value: " + Quantities.normalize(text))
                .hasMessageContaining("1Gi")
                .extracting(e -> ((QuantityFormatException) e).field())
                .isEqualTo("Memory");
    }

    @Test
    void namesDiskInDiskErrors() {
        assertThatThrownBy(() -> Quantities.parseBytes("lots", "disk"))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessageStartingWith("invalid disk value: lots")
                .extracting(e -> ((QuantityFormatException) e).field())
                .isEqualTo("Disk");
    }

    @ParameterizedTest(name = "{0} does not fit in a long")
    @ValueSource(
            strings = {"8ei", "8eib", "9223372036854775808", "10e", "99999999999999999999999eb"})
    void refusesSizesOfTwoToTheSixtyThreeOrMore(String text) {
        assertThatThrownBy(() -> Quantities.parseBytes(text, "memory"))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessageStartingWith("invalid memory value: ")
                .hasMessageContaining("largest accepted size");
    }

    @Test
    void acceptsSizesJustBelowTwoToTheSixtyThree() {
        assertThat(Quantities.parseBytes("7ei", "memory")).isEqualTo(7L << 60);
    }

    @ParameterizedTest(name = "case 37: CPU {0} -> {1} millicores")
    @CsvSource({
        "250m, 250",
        "0.25, 250",
        "2, 2000",
        ".5, 500",
        "0.0005, 0",
        "-1, -1000",
        "-500m, -500",
        "250M, 250",
        "' 1 ', 1000",
        "1e3, 1000000",
        "+2, 2000",
        "0m, 0",
        "1.2345, 1234"
    })
    void parsesCpuAsCoresOrMillicores(String text, long millis) {
        assertThat(Quantities.parseCpuMillis(text)).isEqualTo(millis);
        assertThat(Quantities.parseCpu(text)).isEqualTo(millis / 1000.0);
    }

    @ParameterizedTest(name = "case 37: CPU {0} is refused")
    @ValueSource(
            strings = {
                "1.5m",
                "abc",
                "",
                "m",
                "1 core",
                "inf",
                "nan",
                "0x10",
                "1e400",
                "99999999999999999999m"
            })
    void refusesMalformedCpu(String text) {
        assertThatThrownBy(() -> Quantities.parseCpuMillis(text))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessageStartingWith("invalid CPU value: " + Quantities.normalize(text))
                .extracting(e -> ((QuantityFormatException) e).field())
                .isEqualTo("CPU");
    }

    @Test
    void cpuErrorQuotesTheNormalisedValueAndSaysWhatIsAccepted() {
        assertThatThrownBy(() -> Quantities.parseCpuMillis(" 1.5M "))
                .hasMessage(
                        "invalid CPU value: 1.5m; millicores must be a whole number"
                                + "; use cores like 0.5 or 2, or millicores like 250m");
    }

    @ParameterizedTest(name = "case 37: GPU {0} -> {1}")
    @CsvSource({"1, 1", "0, 0", "' 8 ', 8", "007, 7"})
    void parsesGpuCounts(String text, long gpus) {
        assertThat(Quantities.parseGpu(text)).isEqualTo(gpus);
    }

    @ParameterizedTest(name = "case 37: GPU {0} is refused")
    @ValueSource(strings = {"1.5", "-1", "+1", "one", "", "99999999999999999999"})
    void refusesMalformedGpuCounts(String text) {
        assertThatThrownBy(() -> Quantities.parseGpu(text))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessageStartingWith("invalid GPU value: " + Quantities.normalize(text));
    }

    @Test
    void normalizeLowerCasesAndRemovesAllWhitespace() {
        assertThat(Quantities.normalize(" 5 1 2\tM\nb ")).isEqualTo("512mb");
        assertThat(Quantities.normalize(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
        "0, 0 B",
        "512, 512 B",
        "1023, 1023 B",
        "1024, 1.00 KiB",
        "5368709120, 5.00 GiB",
        "1536, 1.50 KiB",
        "512000000, 488.28 MiB",
        "9223372036854775807, 8.00 EiB",
        "-2048, -2.00 KiB"
    })
    void formatsBytesInBinaryUnits(long bytes, String text) {
        assertThat(Quantities.formatBytes(bytes)).isEqualTo(text);
    }
}
