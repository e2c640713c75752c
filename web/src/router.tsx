import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

/** A router of a few lines: the app has a handful of pages, not enough to need a library. */
const CHANGE = 'careloop:navigate';

/** `state` travels in the browser history, never in the URL (so a tracking code stays out of logs). */
export function navigate(to: string, state: Record<string, string> | null = null): void {
  history.pushState(state, '', to);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

export interface Location {
  path: string;
  search: URLSearchParams;
  state: Record<string, string> | null;
}

const read = (): Location => ({
  path: location.pathname,
  search: new URLSearchParams(location.search),
  state: (history.state as Record<string, string> | null) ?? null,
});

export function useLocation(): Location {
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return loc;
}

/** A real link (opens in a new tab, works without script) that changes page in place on a plain click. */
export function Link({
  href,
  onClick,
  children,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} {...rest} onClick={go}>
      {children}
    </a>
  );
}
