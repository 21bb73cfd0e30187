// The demo page's own behaviour: show the embed snippets with this server's
// real address, and copy them.

const embed = new URL('embed.js', document.baseURI).href;
const frame = new URL('frame.html', document.baseURI).href;

const snippet = document.getElementById('snippet');
if (snippet) snippet.textContent = snippet.textContent.replace('https://your.site/roi/embed.js', embed);
const frameSnippet = document.getElementById('frame-snippet');
if (frameSnippet) frameSnippet.textContent = frameSnippet.textContent.replace('https://your.site/roi/frame.html', frame);

const status = document.getElementById('copy-status');
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(source.textContent);
      status.textContent = 'Copied.';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
}
