// The page's work kept in the browser (IndexedDB: no size limit worth
// mentioning, unlike localStorage's 5 MB), one JSON string per key.
const DB = 'tfgrade';
const STORE = 'work';

let opened = null;
function db() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

function run(mode, action) {
  return db().then((d) => new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const request = action(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
}

/** The string kept under `key`, or undefined. */
export function load(key) {
  return run('readonly', (s) => s.get(key));
}

export function save(key, value) {
  return run('readwrite', (s) => s.put(value, key)).then(() => undefined);
}
