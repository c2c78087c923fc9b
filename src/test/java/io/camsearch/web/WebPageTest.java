package io.camsearch.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camsearch.index.CatalogIndex;
import io.camsearch.local.CatalogPublisher;
import io.camsearch.support.CatalogImages;
import io.camsearch.support.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web page at / in a real headless Chromium, against the real application: items published
 * through a real Kafka broker, indexed by the real model, searched by uploading a file and by
 * picking a catalog item, with the heatmap images loaded from the API. Uses the Debian chromium and
 * chromedriver; nothing is downloaded (Selenium Manager is never asked: both paths are given).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "web-screenshot.png");
    private static final Path ERROR_SCREENSHOT = Path.of("target", "web-screenshot-error.png");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Classes no other test filters on, and a metadata key of their own: the app and its index are shared with other test classes. */
    private static final int[] CLASSES = {4, 5, 6};
    private static final int PER_CLASS = 4;
    private static final String MINE = "collection=web-test";

    private static ChromeDriver driver;
    private static Path scratch;
    private static boolean published;

    @TestHTTPResource("/")
    URL app;

    @Inject
    CatalogIndex index;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the web page test needs Debian's chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver");
        }
        scratch = Files.createTempDirectory("camsearch-web-test-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createDirectory(scratch.resolve("profile")));
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (scratch != null) {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void publishCatalogOnceAndOpenThePage() throws Exception {
        if (!published) {
            try (CatalogPublisher publisher = new CatalogPublisher(KafkaTestResource.bootstrapServers)) {
                for (int c : CLASSES) {
                    for (int i = 0; i < PER_CLASS; i++) {
                        Map<String, Object> metadata = new LinkedHashMap<>(CatalogImages.metadata(c, i));
                        metadata.put("collection", "web-test");
                        publisher.upsert(id(c, i), CatalogImages.png(c, i), metadata);
                    }
                }
            }
            await("the published catalog to be indexed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(this::allIndexed);
            published = true;
        }
        driver.get(app.toString());
        waitFor("the catalog grid to show items", () -> !tiles().isEmpty());
        setText("filter-input", MINE);
    }

    @Test
    @Order(1)
    void uploadedImageShowsScoredHitsWithBothHeatmapsLoadedAndAnOpacitySlider() throws Exception {
        recordStatusMessages();
        setText("k-input", "3");
        choose("explain-select", "both");
        upload(png("query.png", CatalogImages.png(5, 150)));
        click("search-button");

        List<WebElement> hits = waitFor("3 hits", () -> hits().size() == 3 ? hits() : null);
        double previous = Double.MAX_VALUE;
        for (WebElement hit : hits) {
            String score = hit.findElement(testId("hit-score")).getText();
            assertTrue(score.matches("score -?[01]\\.\\d{4}"), "a score is shown: " + score);
            double value = Double.parseDouble(score.substring("score ".length()));
            assertTrue(value <= previous, "hits are shown best first");
            previous = value;
            assertTrue(hit.findElement(testId("hit-metadata")).getText().contains("category"), "metadata is shown");
        }
        assertTrue(hits.get(0).findElement(testId("hit-metadata")).getText().contains("class-5"), "the nearest item is of the query's class");
        assertTrue(text("query-caption").contains("query.png"), text("query-caption"));
        assertTrue(statusMessages().stream().anyMatch(s -> s.startsWith("Searching with query.png")), "a loading state was shown: " + statusMessages());

        waitFor("the query image and 3 heatmaps on the query to load", () -> allLoaded("[data-testid=query-image]", 1) && allLoaded("[data-testid=heatmap-query]", 3));
        waitFor("3 heatmaps on the hits and their images to load", () -> allLoaded("[data-testid=heatmap-hit]", 3) && allLoaded(".layered img.base", 6));
        waitFor("the localized boxes to be outlined", () -> !driver.findElements(testId("box-query")).isEmpty()
                && !driver.findElements(testId("box-hit")).isEmpty());

        screenshot(SCREENSHOT);

        // The service keeps no uploaded image: the page shows the picked file and layers the stateless heatmap PNG over it.
        assertTrue(driver.findElement(testId("query-image")).getAttribute("src").startsWith("blob:"), "the query is the picked file");
        assertTrue(driver.findElement(By.cssSelector(".layered img.base")).getAttribute("src").startsWith("blob:"));
        assertTrue(driver.findElement(testId("heatmap-query")).getAttribute("src").contains("/heatmaps/"));
        assertLinksToAPng("image-link-query", "/heatmaps/");
        assertLinksToAPng("image-link-hit", "/overlay.png?map=");

        WebElement heat = driver.findElement(testId("heatmap-query"));
        assertEquals("0.6", opacity(heat), "the heatmap layer starts at the slider's 60%");
        WebElement slider = driver.findElement(testId("opacity-slider"));
        slider.sendKeys(Keys.HOME);
        waitFor("the heatmap layer to become transparent", () -> "0".equals(opacity(heat)));
        slider.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
        waitFor("the heatmap layer at 10%", () -> "0.1".equals(opacity(driver.findElement(testId("heatmap-hit")))));
        assertEquals("10%", driver.findElement(By.id("opacity-value")).getText());
        assertFalse(driver.findElement(testId("error")).isDisplayed());

        // A hit's "what differs" toggle swaps its heatmaps for its counterfactual maps (ReLU(-S) from the JSON), and back.
        WebElement first = hits().get(0);
        assertFalse(first.findElement(testId("counterfactual-heatmap-query")).isDisplayed(), "the counterfactual starts hidden");
        first.findElement(testId("hit-differs")).click();
        waitFor("the first hit's counterfactual maps to show", () -> first.findElement(testId("counterfactual-heatmap-query")).isDisplayed()
                && first.findElement(testId("counterfactual-heatmap-hit")).isDisplayed() && !first.findElement(testId("heatmap-query")).isDisplayed());
        assertTrue(first.findElement(testId("counterfactual-heatmap-query")).getAttribute("src").contains("/heatmaps/"));
        assertTrue(hits().get(1).findElement(testId("heatmap-query")).isDisplayed(), "the toggle is per hit");
        first.findElement(testId("hit-differs")).click();
        waitFor("the first hit's heatmaps to come back", () -> first.findElement(testId("heatmap-query")).isDisplayed());

        // Its "guided" toggle asks POST /explain for Guided Grad-CAM on the query and shows the answered PNG.
        first.findElement(testId("hit-guided")).click();
        waitFor("the first hit's Guided Grad-CAM to load", () -> allLoaded("[data-testid=guided-query]", 1));
        assertTrue(first.findElement(testId("guided-query")).getAttribute("src").startsWith("data:image/png;base64,"));
        assertFalse(driver.findElement(testId("error")).isDisplayed());
    }

    @Test
    @Order(2)
    void pickingACatalogItemShowsTheItemsSimilarToItWithoutItself() {
        setText("catalog-filter", MINE);
        driver.findElement(testId("catalog-filter")).sendKeys(Keys.ENTER);
        waitFor("the grid to show the test's items", () -> tiles().size() == CLASSES.length * PER_CLASS
                && tiles().stream().allMatch(t -> t.getAttribute("data-id").startsWith("web-c")));
        setText("catalog-filter", MINE + ";category=class-6");
        driver.findElement(testId("catalog-filter")).sendKeys(Keys.ENTER);
        waitFor("the grid to show class-6 only", () -> {
            List<String> ids = tiles().stream().map(t -> t.getAttribute("data-id")).toList();
            return ids.size() == PER_CLASS && ids.stream().allMatch(i -> i.startsWith("web-c6-"));
        });
        assertEquals("1–4 of 4 items", text("catalog-count"));

        setText("k-input", "5");
        choose("explain-select", "both");
        String picked = id(6, 1);
        driver.findElement(By.cssSelector("[data-testid=catalog-item][data-id='" + picked + "']")).click();

        waitFor("5 similar items", () -> hits().size() == 5 && text("query-caption").contains(picked));
        List<String> ids = hits().stream().map(h -> h.getAttribute("data-id")).toList();
        assertFalse(ids.contains(picked), "the item is not its own neighbour: " + ids);
        assertTrue(ids.stream().allMatch(i -> i.startsWith("web-c")), "the search filter keeps the test's items: " + ids);
        assertTrue(ids.get(0).startsWith("web-c6-"), "the nearest item is of the picked item's class: " + ids);
        assertEquals(ids, hits().stream().map(h -> h.findElement(testId("hit-id")).getText()).toList());
        waitFor("the picked item as query and 5 heatmaps on each side to load",
                () -> allLoaded("[data-testid=query-image]", 1) && allLoaded("[data-testid=heatmap-query]", 5) && allLoaded("[data-testid=heatmap-hit]", 5));
        assertTrue(driver.findElement(testId("query-image")).getAttribute("src").endsWith("/items/" + picked + "/image"));
        assertLinksToAPng("image-link-query", "/items/" + picked + "/overlay.png?map=");
    }

    @Test
    @Order(3)
    void theApisErrorMessagesAreShownOnThePage() throws Exception {
        Path image = png("query.png", CatalogImages.png(4, 151));
        setText("k-input", "0");
        upload(image);
        click("search-button");
        waitFor("the API's message about k", () -> errorMessage().contains("k must be between 1 and 100, got 0"));
        assertTrue(text("error").contains("BAD_REQUEST (HTTP 400)"), text("error"));
        assertFalse(driver.findElement(testId("results")).isDisplayed(), "no stale results under an error");
        screenshot(ERROR_SCREENSHOT);

        setText("k-input", "2");
        Path textFile = scratch.resolve("notes.txt");
        Files.writeString(textFile, "not an image", StandardCharsets.UTF_8);
        upload(textFile);
        click("search-button");
        waitFor("the API's message about the file", () -> text("error").contains("IMAGE_UNSUPPORTED_FORMAT (HTTP 415)"));
        assertTrue(errorMessage().startsWith("the query image:"), errorMessage());

        setText("catalog-filter", "price=5..1");
        driver.findElement(testId("catalog-filter")).sendKeys(Keys.ENTER);
        waitFor("the API's message about the catalog filter", () -> errorMessage().contains("min > max"));

        upload(image);
        click("search-button");
        waitFor("a good search to clear the error", () -> hits().size() == 2 && !driver.findElement(testId("error")).isDisplayed());
    }

    @Test
    @Order(4)
    void selectedHitsAskForMoreLikeThemWhichLeavesThemOutAndExplainsEachHitOnItself() {
        setText("catalog-filter", MINE + ";category=class-5");
        driver.findElement(testId("catalog-filter")).sendKeys(Keys.ENTER);
        waitFor("the grid to show class-5 only", () -> tiles().size() == PER_CLASS
                && tiles().stream().allMatch(t -> t.getAttribute("data-id").startsWith("web-c5-")));
        setText("k-input", "4");
        choose("explain-select", "both");
        driver.findElement(By.cssSelector("[data-testid=catalog-item][data-id='" + id(5, 0) + "']")).click();
        waitFor("4 similar items", () -> hits().size() == 4 && text("query-caption").contains(id(5, 0)));
        assertFalse(driver.findElement(testId("recommend-button")).isEnabled(), "nothing selected yet");

        List<String> liked = new ArrayList<>();
        for (WebElement hit : hits().subList(0, 2)) {
            liked.add(hit.getAttribute("data-id"));
            hit.findElement(testId("hit-select")).click();
        }
        assertEquals("2 hits selected.", text("recommend-count"));
        click("recommend-button");

        waitFor("4 recommended items", () -> hits().size() == 4 && text("query-caption").startsWith("More like "));
        List<String> ids = hits().stream().map(h -> h.getAttribute("data-id")).toList();
        assertFalse(ids.contains(liked.get(0)) || ids.contains(liked.get(1)), "the liked items are left out: " + ids + " vs " + liked);
        assertTrue(ids.stream().allMatch(i -> i.startsWith("web-c")), "the search filter applies: " + ids);
        assertTrue(ids.get(0).startsWith("web-c5-"), "the nearest is of the liked items' class: " + ids);
        waitFor("a heatmap on each recommended hit", () -> allLoaded("[data-testid=heatmap-hit]", 4));
        assertTrue(driver.findElements(testId("heatmap-query")).isEmpty(), "a recommendation has no query image to draw on");
        assertEquals("Select hits to find more like them.", text("recommend-count"), "a new answer starts a new selection");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private boolean allIndexed() throws IOException {
        for (int c : CLASSES) {
            for (int i = 0; i < PER_CLASS; i++) {
                if (index.get(id(c, i)).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String id(int c, int i) {
        return "web-c" + c + "-" + i;
    }

    private static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    private static List<WebElement> hits() {
        return driver.findElements(testId("hit"));
    }

    private static List<WebElement> tiles() {
        return driver.findElements(testId("catalog-item"));
    }

    private static String text(String testId) {
        return driver.findElement(testId(testId)).getText();
    }

    private static String errorMessage() {
        List<WebElement> message = driver.findElements(testId("error-message"));
        return message.isEmpty() ? "" : message.get(0).getText();
    }

    private static void click(String testId) {
        driver.findElement(testId(testId)).click();
    }

    private static void setText(String testId, String value) {
        WebElement input = driver.findElement(testId(testId));
        input.clear();
        input.sendKeys(value);
    }

    private static void choose(String testId, String value) {
        driver.findElement(By.cssSelector("[data-testid='" + testId + "'] option[value='" + value + "']")).click();
    }

    private static void upload(Path file) {
        driver.findElement(testId("image-input")).sendKeys(file.toAbsolutePath().toString());
    }

    private static Path png(String name, byte[] bytes) throws IOException {
        return Files.write(scratch.resolve(name), bytes);
    }

    /** Every link of that test id names a URL containing {@code part}, and the first answers a PNG to the browser. */
    private static void assertLinksToAPng(String testId, String part) {
        List<WebElement> links = driver.findElements(testId(testId));
        assertFalse(links.isEmpty(), "links " + testId);
        for (WebElement link : links) {
            assertTrue(link.getAttribute("href").contains(part), link.getAttribute("href"));
        }
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('content-type'))).catch(e => done(String(e)))",
                links.get(0).getAttribute("href"));
        assertEquals("200 image/png", answer, links.get(0).getAttribute("href"));
    }

    private static String opacity(WebElement element) {
        return (String) js("return getComputedStyle(arguments[0]).opacity", element);
    }

    /** At least {@code count} elements match, and every one is an image that loaded (naturalWidth > 0). */
    private static boolean allLoaded(String css, int count) {
        return Boolean.TRUE.equals(js("const images = [...document.querySelectorAll(arguments[0])];"
                + "return images.length >= arguments[1] && images.every(i => i.complete && i.naturalWidth > 0)", css, count));
    }

    /** Every text the status line shows from now on, to see the loading state without racing it. */
    private static void recordStatusMessages() {
        js("const status = document.querySelector('[data-testid=status]'); window.statusMessages = [];"
                + "new MutationObserver(() => window.statusMessages.push(status.textContent))"
                + ".observe(status, {childList: true, characterData: true, subtree: true})");
    }

    @SuppressWarnings("unchecked")
    private static List<String> statusMessages() {
        return (List<String>) js("return window.statusMessages");
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The whole page as a PNG in target/ (the window is made as tall as the page for the shot). */
    private static void screenshot(Path file) throws IOException {
        Dimension size = driver.manage().window().getSize();
        long height = (Long) js("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height + 120, 6000)));
        js("window.scrollTo(0, 0)"); // the results heading took focus and scrolled the page
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(file.getParent());
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    private static <T> T waitFor(String what, Supplier<T> condition) {
        try {
            // Stale or not yet present elements mean the page is still rendering: try again.
            return await(what).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(WebDriverException.class)
                    .until(condition::get, value -> value != null && !Boolean.FALSE.equals(value));
        } catch (ConditionTimeoutException e) {
            String page = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what + "\n--- page text ---\n" + page, e);
        }
    }
}
