# browser_check HTML SHOT PNGCHECK: opens HTML in headless Chromium (Debian
# `chromium`), saves a screenshot to SHOT and the rendered DOM to SHOT.dom,
# and fails when the page logged anything to the console (a script error,
# a resource that did not load) or rendered blank.
browser_check() {
    local html=$1 shot=$2 pngcheck=$3 log=$2.log
    local url="file://$(realpath "$html")"
    local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
                 --user-data-dir="$(dirname "$shot")/chromium-profile" --enable-logging=stderr --v=0)
    timeout 120 chromium "${flags[@]}" --window-size=1200,2000 --screenshot="$shot" "$url" \
        2> "$log" > /dev/null || { echo "chromium failed on $html"; cat "$log"; return 1; }
    timeout 120 chromium "${flags[@]}" --dump-dom "$url" 2>> "$log" > "$shot.dom" \
        || { echo "chromium --dump-dom failed on $html"; return 1; }
    if grep -q "CONSOLE" "$log"; then
        echo "console messages on $html:"
        grep "CONSOLE" "$log"
        return 1
    fi
    "$pngcheck" "$shot" > /dev/null || { echo "blank screenshot of $html"; return 1; }
}
