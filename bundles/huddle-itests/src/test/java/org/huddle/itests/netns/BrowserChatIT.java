package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.huddle.itests.Await;
import org.huddle.itests.Environment;
import org.huddle.itests.host.BrowserInNamespace;
import org.huddle.itests.host.DistributionNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The web page in a real browser: a headless Chromium on host 1 of a namespace LAN opens the page of the node
 * there (the distribution as shipped: web front end on 127.0.0.1:8480), joins a room and talks with a node on
 * host 2 that uses its console; hostile text from that node is shown as text. The page is a phone's size, and
 * its screenshot is written to {@code target/failsafe-reports/BrowserChatIT-*.png}. The browser opens the page with
 * the token the launcher made, as its owner would with the address the node prints, and keeps following the node
 * after the web bundle restarted.
 *
 * <p>Needs root (namespaces) and Debian's chromium, chromium-driver and socat; skipped otherwise.
 */
public class BrowserChatIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static final String PAGE = "http://127.0.0.1:8480/huddle/";
    private static final String ROOM = "lan-room";
    private static final Duration SHOWN = LanTestbed.EXCHANGE;
    private static final int PHONE_WIDTH = 412;
    private static final int PHONE_HEIGHT = 860;

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static BrowserInNamespace chromium;
    private static RemoteWebDriver page;

    @BeforeClass
    public static void openThePage() throws IOException {
        Environment.require("needs " + BrowserInNamespace.missingProgram().orElse("") + " on the PATH (Debian: apt-get "
                + "install chromium chromium-driver socat)", BrowserInNamespace.missingProgram().isEmpty());
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
        testbed.awaitNodesReady();
        testbed.ask(bob, "chat:join " + ROOM, l -> l.startsWith("joined " + ROOM));
        chromium = BrowserInNamespace.start(testbed.lan(), 1, PHONE_WIDTH, PHONE_HEIGHT);
        page = chromium.browser();
        String token = Files.readString(alice.home().resolve("data/web.token")).strip();
        page.get(PAGE + "?token=" + token);
        awaitText(By.id("link"), "live", "the page to follow the node live");
        assertEquals("the token went into a cookie, out of the address bar", PAGE, page.getCurrentUrl());
    }

    @AfterClass
    public static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    public void aConversationAcrossTheLanWithoutReloading() throws IOException {
        page.findElement(By.id("join-room")).sendKeys(ROOM);
        page.findElement(By.id("join")).click();
        awaitText(By.id("room-name"), ROOM, "the joined room to open");
        assertTrue(page.findElement(By.id("room-kind")).getText().startsWith("open:"));
        testbed.awaitBoundTransport(alice);
        // set now, gone if the page reloads
        script("window.sameDocument = 42;");

        int bobBefore = bob.lineCount();
        page.findElement(By.id("say")).sendKeys("hello from the page");
        page.findElement(By.id("send")).click();
        testbed.awaitLine(bob, bobBefore, l -> l.equals("[" + ROOM + "] alice: hello from the page"), SHOWN,
                "bob's console to show the page's message");
        awaitMessage("alice", "hello from the page");

        testbed.sayIn(bob, ROOM, "hi from the console");
        awaitMessage("bob", "hi from the console");
        assertEquals("the reply came in without a reload", 42L, script("return window.sameDocument;"));

        Await.until(SHOWN, () -> page.findElements(By.cssSelector("#peers li.present")).stream()
                .anyMatch(li -> li.getText().contains("bob")), "bob in the peer list, present");
        screenshot("phone");
        page.manage().window().setSize(new Dimension(1100, 700));
        try {
            screenshot("desktop");
        } finally {
            page.manage().window().setSize(new Dimension(PHONE_WIDTH, PHONE_HEIGHT));
        }
    }

    @Test
    public void anEncryptedRoomJoinedFromThePageTalksToTheConsoleThatKnowsThePassphrase() {
        page.findElement(By.id("join-room")).sendKeys("vault");
        page.findElement(By.id("join-pass")).sendKeys("open sesame");
        // the click runs the page's join up to its request: from then until the answer, nothing can be said
        assertEquals("while joining, the text box takes nothing and says why", "disabled Joining vault…",
                script("document.getElementById('join').click(); const say = document.getElementById('say');"
                        + " return (say.disabled ? 'disabled ' : 'enabled ') + say.placeholder;"));
        awaitText(By.id("room-name"), "vault", "the encrypted room to open");
        assertEquals("the text box is back once the room is open", Boolean.FALSE,
                script("return document.getElementById('say').disabled;"));
        String kind = page.findElement(By.id("room-kind")).getText();
        assertTrue(kind, kind.contains("encrypted: only those who know its passphrase"));
        testbed.ask(bob, "chat:join --passphrase \"open sesame\" vault", l -> l.startsWith("joined vault"));

        int bobBefore = bob.lineCount();
        page.findElement(By.id("say")).sendKeys("for your eyes only");
        page.findElement(By.id("send")).click();
        testbed.awaitLine(bob, bobBefore, l -> l.equals("[vault] alice: for your eyes only"), SHOWN,
                "bob, who knows the passphrase, to read the page's message");
        testbed.sayIn(bob, "vault", "understood");
        awaitMessage("bob", "understood");
    }

    @Test
    public void hostileHandlesAndTextAreShownAsText() throws IOException {
        page.findElement(By.id("join-room")).sendKeys(ROOM);
        page.findElement(By.id("join")).click();
        awaitText(By.id("room-name"), ROOM, "the joined room to open");

        String title = page.getTitle();
        testbed.ask(bob, "chat:nick '<img src=x onerror=alert(1)>'", l -> l.startsWith("you are now"));
        String hostile = "<script>document.title='pwned'</script><b>bold</b> \u001b[31mred\u001b[0m \u202eevil";
        // in double quotes for Gogo, which reads < and > outside quotes as redirections
        testbed.sayIn(bob, ROOM, "\"" + hostile + "\"");
        String longWord = "w".repeat(3000);
        testbed.sayIn(bob, ROOM, longWord);

        WebElement shown = awaitMessage("<img src=x onerror=alert(1)>", "bold");
        String text = shown.findElement(By.className("text")).getText();
        assertTrue(text, text.startsWith("<script>document.title='pwned'</script><b>bold</b> \\u001b[31mred\\u001b[0m"));
        assertTrue("the bidi override is shown, not obeyed: " + text, text.endsWith("\\u202eevil"));
        assertEquals("no markup from the network in the page", 0,
                page.findElements(By.cssSelector("#messages img, #messages script, #messages b")).size());
        assertEquals("no script from the network ran", title, page.getTitle());

        awaitMessage("<img src=x onerror=alert(1)>", longWord);
        assertEquals("a 3,000-character word wraps instead of widening the page", Boolean.TRUE,
                script("return document.documentElement.scrollWidth <= window.innerWidth;"));
        assertEquals("the conversation scrolls in its box: the send box stays on screen", Boolean.TRUE,
                script("return document.getElementById('send').getBoundingClientRect().bottom <= window.innerHeight;"));
        screenshot("hostile");
        testbed.ask(bob, "chat:nick bob", l -> l.startsWith("you are now"));
    }


    @Test
    public void afterTheWebBundleRestartedThePageFollowsAgainAndShowsWhatWasSaidMeanwhile() {
        page.findElement(By.id("join-room")).sendKeys(ROOM);
        page.findElement(By.id("join")).click();
        awaitText(By.id("room-name"), ROOM, "the joined room to open");
        awaitText(By.id("link"), "live", "the page to follow the node live");
        // each answer to a stream request the page made (the browser's own retry or the page's) ends one entry
        script("performance.setResourceTimingBufferSize(10000);");
        int before = streamsAnswered();
        String line = testbed.ask(alice, "lb -s org.huddle.web", l -> l.contains("|org.huddle.web ("));
        String id = line.substring(0, line.indexOf('|')).strip();
        alice.send("stop " + id);
        awaitText(By.id("link"), "reconnecting…", "the page to lose its stream");
        testbed.sayIn(bob, ROOM, "said while the page was away");
        testbed.withOutputs(() -> {
            // the stream that was cut, and the page's next try, answered 404 (no stream): a browser gives up here
            Await.until(SHOWN, () -> streamsAnswered() >= before + 2,
                    "the page's stream to be refused while the web bundle is stopped");
            return null;
        });
        alice.send("start " + id);
        awaitText(By.id("link"), "live", "the page to follow the node again");
        awaitMessage("bob", "said while the page was away");
        testbed.sayIn(bob, ROOM, "and after");
        awaitMessage("bob", "and after");
    }

    /** @return how many of the page's requests for its stream were answered (the Resource Timing entries) */
    private static int streamsAnswered() {
        return ((Number) script("return performance.getEntriesByType('resource')"
                + ".filter((e) => e.name.endsWith('/api/events')).length;")).intValue();
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) page).executeScript(js);
    }

    private static void awaitText(By where, String text, String what) {
        testbed.withOutputs(() -> {
            Await.until(SHOWN, () -> page.findElement(where).getText().equals(text), what + " (" + chromium.report() + ")");
            return null;
        });
    }

    /** @return the latest message shown from that handle with that text, once there is one */
    private static WebElement awaitMessage(String handle, String text) {
        return testbed.withOutputs(() -> Await.value(SHOWN, () -> {
            List<WebElement> items = page.findElements(By.cssSelector("#messages li.msg"));
            for (int i = items.size() - 1; i >= 0; i--) {
                WebElement li = items.get(i);
                if (li.findElement(By.className("who")).getText().equals(handle)
                        && li.findElement(By.className("text")).getText().contains(text)) {
                    return li;
                }
            }
            return null;
        }, "the page to show " + handle + ": " + text.substring(0, Math.min(40, text.length()))));
    }

    /** Saves the page as it looks now, beside the test's report, and says where. */
    private static void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "failsafe-reports");
        Files.createDirectories(dir);
        Path file = dir.resolve("BrowserChatIT-" + name + ".png");
        Files.copy(page.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshot: " + file.toAbsolutePath());
    }
}
