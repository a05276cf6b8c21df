package caravan.captions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguagesTest {
    @Test
    void tagsAreShortestWellFormedBcp47() {
        assertThat(Languages.normalize("en")).isEqualTo("en");
        assertThat(Languages.normalize("eng")).isEqualTo("en");
        assertThat(Languages.normalize("ger")).isEqualTo("de");
        assertThat(Languages.normalize("deu")).isEqualTo("de");
        assertThat(Languages.normalize("FRE")).isEqualTo("fr");
        assertThat(Languages.normalize("pt-br")).isEqualTo("pt-BR");
        assertThat(Languages.normalize("zh-hant")).isEqualTo("zh-hant");
        assertThat(Languages.normalize(null)).isEqualTo("und");
        assertThat(Languages.normalize("x")).isEqualTo("und");
        assertThat(Languages.normalize("en\"; DROP")).isEqualTo("und");
    }

    @Test
    void namesAreInEnglish() {
        assertThat(Languages.displayName("en")).isEqualTo("English");
        assertThat(Languages.displayName("de")).isEqualTo("German");
        assertThat(Languages.displayName("pt-BR")).isEqualTo("Portuguese (Brazil)");
        assertThat(Languages.displayName("und")).isEqualTo("Captions");
    }
}
