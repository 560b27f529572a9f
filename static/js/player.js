// The play loop. Each play() takes a new cancellation token and cancels the previous one, so a
// second "play" can never run two loops. Steps advance by elapsed time × speed, one render per
// animation frame at most, whatever the speed; up to 60 steps/s every step is shown (issue 11).

export function createPlayer({ getT, setT, getLast, getSpeed, onState }) {
  let token = null;

  function play() {
    if (token) token.cancelled = true;
    const my = { cancelled: false };
    token = my;
    if (getT() >= getLast()) setT(0);
    onState(true);
    let last = performance.now();
    let carry = 0;
    const frame = (now) => {
      if (my.cancelled) return;
      carry += ((now - last) / 1000) * getSpeed();
      last = now;
      if (carry >= 1) {
        // up to one step per frame while the speed is within the frame rate: a late frame shows
        // the next step, not the one after it, and the backlog (at most one more step) is
        // caught up on the following frames; faster than the frames, steps must be skipped
        const perFrame = Math.max(1, Math.ceil(getSpeed() / 60));
        const n = Math.min(Math.floor(carry), perFrame);
        carry = Math.min(carry - n, perFrame);
        const t = Math.min(getLast(), getT() + n);
        setT(t);
        if (t >= getLast()) {
          stop();
          return;
        }
      }
      requestAnimationFrame(frame);
    };
    // the first step comes at once, then one every 1/speed seconds
    carry = 1;
    requestAnimationFrame(frame);
  }

  function stop() {
    if (token) token.cancelled = true;
    token = null;
    onState(false);
  }

  return {
    play,
    pause: stop,
    toggle() {
      if (token) stop();
      else play();
    },
    get playing() {
      return token !== null;
    },
  };
}
