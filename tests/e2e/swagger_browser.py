"""Swagger UI in headless Chromium: open /docs, authorise with a token, "try it out" on site
info, and check the response shows the site name. Saves a screenshot (argument 1)."""
import json
import os
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BASE"]
TOKEN = os.environ["LMSGATE_ADMIN_TOKEN"]
SCREENSHOT = sys.argv[1]

# The site name, read through the API, is what the browser must show.
request = urllib.request.Request(
    f"{BASE}/api/v1/core_webservice_get_site_info", data=b"{}", method="POST",
    headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
)
sitename = json.load(urllib.request.urlopen(request))["sitename"]

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2000"]:
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 30)
try:
    driver.get(f"{BASE}/docs/")
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button.authorize"))).click()
    field = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".modal-ux input[type=text]")))
    field.send_keys(TOKEN)
    driver.find_element(By.CSS_SELECTOR, ".modal-ux .auth-btn-wrapper button.authorize").click()
    driver.find_element(By.CSS_SELECTOR, ".modal-ux button.btn-done").click()

    op = wait.until(ec.presence_of_element_located(
        (By.ID, "operations-core_webservice-core_webservice_get_site_info")))
    op.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    try_out = op.find_elements(By.CSS_SELECTOR, "button.try-out__btn")
    if try_out and "cancel" not in try_out[0].get_attribute("class"):
        try_out[0].click()
    body = wait.until(lambda d: op.find_element(By.CSS_SELECTOR, "textarea.body-param__text"))
    body.clear()
    body.send_keys("{}")
    op.find_element(By.CSS_SELECTOR, "button.execute").click()
    response = wait.until(lambda d: op.find_element(
        By.CSS_SELECTOR, ".live-responses-table .response-col_description .microlight"))
    wait.until(lambda d: sitename in response.text)
    status = op.find_element(By.CSS_SELECTOR, ".live-responses-table tbody .response-col_status").text.strip()
    assert status == "200", status
    assert f'"sitename": "{sitename}"' in response.text, response.text
    driver.execute_script("arguments[0].scrollIntoView()", op)
    print(f"swagger UI: site info answered 200 with sitename {sitename!r}")
finally:
    driver.save_screenshot(SCREENSHOT)
    driver.quit()
