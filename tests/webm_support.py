"""WebM videos made in the page, for tests that take clips from video files.

    app.page.evaluate(START_WEBM); ...; app.page.evaluate(STOP_WEBM_NOW)
    data = app.page.evaluate(TAKE_WEBM)      # a WebM of the camera, base64
    data = app.page.evaluate(NOBODY_WEBM)   # a WebM of a second without anyone, base64
"""

# a WebM of what the teach stage's camera shows from now until STOP_WEBM_NOW (MediaRecorder, as a
# user's own recording would be: no duration in its header)
START_WEBM = """() => {
    const stream = document.querySelector('#teach-stage video').srcObject;
    const recorder = window.__recorder = new MediaRecorder(stream, {mimeType: 'video/webm'});
    window.__chunks = [];
    recorder.ondataavailable = (event) => window.__chunks.push(event.data);
    recorder.start();
}"""
BASE64 = """async (blob) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return btoa(text);
}"""
# stopped at once (from a page-side poll: tests/motion_support.release), its WebM taken after
STOP_WEBM_NOW = """() => {
    const recorder = window.__recorder;
    window.__stopped = new Promise((done) => { recorder.onstop = done; recorder.stop(); });
}"""
TAKE_WEBM = """async () => {
    await window.__stopped;
    return await (""" + BASE64 + """)(new Blob(window.__chunks, {type: 'video/webm'}));
}"""
# a second of a canvas changing colour, no one in it
NOBODY_WEBM = """async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320; canvas.height = 240;
    const pen = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(10), {mimeType: 'video/webm'});
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.start();
    for (let i = 0; i < 10; i++) {
        pen.fillStyle = `rgb(${90 + 12 * i}, 130, 150)`;
        pen.fillRect(0, 0, 320, 240);
        await new Promise((done) => setTimeout(done, 100));
    }
    await new Promise((done) => { recorder.onstop = done; recorder.stop(); });
    return await (""" + BASE64 + """)(new Blob(chunks, {type: 'video/webm'}));
}"""
