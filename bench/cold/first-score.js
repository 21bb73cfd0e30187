// BENCHMARK-ONLY (bench/cold/): shows the first score and records, on
// window.__bench, when it was painted, in ms since navigation start.
// The Element Timing entry gives the paint time; a frame callback after the
// update is kept as a fallback.

// A prospect for the built-in reseller profile.
export const RECORD = {
  salesReps: 6,
  offersImplementation: 'yes',
  certifiedStaff: 2,
  offeredMarginRate: 0.3,
  businessModel: 'VAR',
  customerOverlapPercent: 12.5,
  registersDealsEarly: true,
  sellsCompetingProduct: false,
};

export function showFirstScore(marks, result) {
  const bench = { ...marks, scored: performance.now(), score: result.score };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.identifier === 'first-score') bench.elementPaint = e.renderTime || e.loadTime;
    }
  }).observe({ type: 'element', buffered: true });
  const p = document.createElement('p');
  p.id = 'score';
  p.setAttribute('elementtiming', 'first-score');
  p.textContent = `${result.score.toFixed(1)} ${result.band}`;
  document.body.append(p);
  requestAnimationFrame(() => setTimeout(() => {
    bench.afterFrame = performance.now();
  }, 0));
}
