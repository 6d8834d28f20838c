package dev.sluice.itests.web;

import java.io.File;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by its own driver: both given by path, so that Selenium's driver
 * manager reaches for nothing on the internet, and the browser makes no outbound connections.
 */
final class Browser {

    private Browser() {
    }

    static ChromeDriver start() {
        var options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1400",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromium.driver")))
                .usingAnyFreePort().build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
