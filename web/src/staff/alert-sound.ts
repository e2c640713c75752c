/**
 * The level-1 alert: a short two-tone chime made with Web Audio (no sound file to download) and a
 * desktop notification. Browsers allow both only after the person has clicked something, so the
 * console asks once with a button ("turn on alerts").
 */
let audio: AudioContext | null = null;

export async function enableAlerts(): Promise<boolean> {
  audio ??= new AudioContext();
  await audio.resume();
  if ('Notification' in window && Notification.permission === 'default') {
    await Notification.requestPermission();
  }
  return true;
}

const CHIME_HZ = [880, 660];
const TONE_SECONDS = 0.25;

export function playChime(): void {
  const ctx = audio;
  if (ctx?.state !== 'running') return;
  CHIME_HZ.forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const start = ctx.currentTime + i * TONE_SECONDS;
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.2, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + TONE_SECONDS);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + TONE_SECONDS);
  });
}

export function notify(title: string, body: string, onClick: () => void): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag: body, requireInteraction: true });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}
