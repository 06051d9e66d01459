/**
 * The student's progress, kept in the browser's localStorage: the code last written in each box
 * and which exercises passed. Storage can be unavailable (a private window, a sandboxed iframe):
 * then progress lasts for the visit only, and the page says so.
 */
const KEY = "rnn-jacobian-explore-lab-v1";

interface Progress {
  code: Record<string, string>;
  passed: Record<string, boolean>;
}

function storage(): Storage | undefined {
  try {
    const s = window.localStorage;
    s.setItem(`${KEY}-probe`, "1");
    s.removeItem(`${KEY}-probe`);
    return s;
  } catch {
    return undefined;
  }
}

export function createProgress() {
  const store = storage();
  let progress: Progress = { code: {}, passed: {} };
  try {
    const saved = store?.getItem(KEY);
    if (saved) progress = { code: {}, passed: {}, ...JSON.parse(saved) };
  } catch {
    progress = { code: {}, passed: {} };
  }
  const save = () => {
    try {
      store?.setItem(KEY, JSON.stringify(progress));
    } catch {
      // A full or revoked storage keeps the visit's progress in memory only.
    }
  };
  return {
    available: store !== undefined,
    code: (key: string) => progress.code[key],
    passed: (id: string) => progress.passed[id] === true,
    saveCode(key: string, code: string) {
      progress.code[key] = code;
      save();
    },
    savePassed(id: string, passed: boolean) {
      progress.passed[id] = passed;
      save();
    },
    reset(key: string) {
      delete progress.code[key];
      save();
    },
  };
}
