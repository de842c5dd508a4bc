// The drop zone's upload states, driven through the real uploadStaged (api/client.ts) over a
// stand-in XMLHttpRequest that the test answers: progress, the API's refusals, a broken
// connection and its retry, and what is refused before anything is sent. The browser test
// (tests/e2e/upload.test.ts) does the same against the real API.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import UploadDropZone from './UploadDropZone.vue';
import { testI18n } from '../../test/setup.js';

class FakeXhr {
  static sent: FakeXhr[] = [];
  upload: { onprogress: ((e: Partial<ProgressEvent>) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  url = '';
  body: FormData | null = null;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const LIMITS = { extensions: ['.csv', '.txt', '.xlsx', '.parquet', '.zip'], max_bytes: 1000 };
const staged = (name: string) => ({
  files: [
    {
      id: '0123456789abcdef',
      name,
      zip: null,
      size: 10,
      uploaded_by: 'admin',
      uploaded_at: '2024-07-05T01:00:00Z',
      feed: 'dtks',
      feed_from: 'judul',
      merge: false,
    },
  ],
  skipped: [],
});
const file = (name: string, size: number) => new File(['x'.repeat(size)], name);

function mountZone() {
  return mount(UploadDropZone, {
    props: { limits: LIMITS },
    global: { plugins: [testI18n()] },
  });
}

async function choose(w: ReturnType<typeof mountZone>, files: File[]) {
  const input = w.find('[data-testid="upload-input"]');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
  await flushPromises();
}

const item = (w: ReturnType<typeof mountZone>, name: string) =>
  w.find(`[data-testid="upload-item"][data-name="${name}"]`);

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

describe('UploadDropZone', () => {
  it('refuses a wrong type and a file over the limit without sending them', async () => {
    const w = mountZone();
    await choose(w, [file('laporan.pdf', 10), file('besar.csv', 1001), file('kosong.csv', 0)]);
    expect(FakeXhr.sent).toHaveLength(0);
    expect(item(w, 'laporan.pdf').text()).toContain(
      "Jenis berkas '.pdf' tidak dapat dimuat; kirim .csv, .txt, .xlsx, .parquet, .zip.",
    );
    expect(item(w, 'besar.csv').text()).toContain('Berkas lebih dari 1.000 B');
    expect(item(w, 'kosong.csv').text()).toContain('Berkas kosong');
  });

  it('sends each file as field berkas, shows its percent, and reports it uploaded', async () => {
    const w = mountZone();
    await choose(w, [file('dtks_2024-05.csv', 10)]);
    expect(FakeXhr.sent).toHaveLength(1);
    const xhr = FakeXhr.sent[0]!;
    expect(xhr.url).toBe('/api/uploads');
    expect((xhr.body!.get('berkas') as File).name).toBe('dtks_2024-05.csv');
    xhr.progress(5, 10);
    await flushPromises();
    expect(item(w, 'dtks_2024-05.csv').find('[data-testid="upload-percent"]').text()).toBe('50 %');
    xhr.respond(201, staged('dtks_2024-05.csv'));
    await flushPromises();
    expect(item(w, 'dtks_2024-05.csv').attributes('data-state')).toBe('done');
    expect(item(w, 'dtks_2024-05.csv').text()).toContain('terunggah');
    expect(w.emitted('uploaded')).toHaveLength(1);
  });

  it('shows the API’s refusal as it wrote it', async () => {
    const w = mountZone();
    await choose(w, [file('a.csv', 10)]);
    FakeXhr.sent[0]!.respond(413, {
      statusCode: 413,
      message: 'Berkas lebih dari 1 MB; pecah per bulan atau per kecamatan',
    });
    await flushPromises();
    expect(item(w, 'a.csv').attributes('data-state')).toBe('failed');
    expect(item(w, 'a.csv').find('[role="alert"]').text()).toContain(
      'Berkas lebih dari 1 MB; pecah per bulan atau per kecamatan',
    );
    expect(item(w, 'a.csv').find('[data-testid="upload-retry"]').exists()).toBe(false);
    expect(w.emitted('uploaded')).toBeUndefined();
  });

  it('says an interrupted upload was cut off, and uploads it again on retry', async () => {
    const w = mountZone();
    await choose(w, [file('a.csv', 10)]);
    FakeXhr.sent[0]!.progress(3, 10);
    FakeXhr.sent[0]!.onerror!();
    await flushPromises();
    expect(item(w, 'a.csv').text()).toContain('Unggahan terputus; unggah lagi');
    await item(w, 'a.csv').find('[data-testid="upload-retry"]').trigger('click');
    await flushPromises();
    expect(FakeXhr.sent).toHaveLength(2);
    FakeXhr.sent[1]!.respond(201, staged('a.csv'));
    await flushPromises();
    expect(item(w, 'a.csv').attributes('data-state')).toBe('done');
  });

  it('sends two files at a time, the next when one is done', async () => {
    const w = mountZone();
    await choose(w, [file('a.csv', 1), file('b.csv', 1), file('c.csv', 1)]);
    expect(FakeXhr.sent).toHaveLength(2);
    expect(item(w, 'c.csv').attributes('data-state')).toBe('waiting');
    FakeXhr.sent[0]!.respond(201, staged('a.csv'));
    await flushPromises();
    expect(FakeXhr.sent).toHaveLength(3);
    expect((FakeXhr.sent[2]!.body!.get('berkas') as File).name).toBe('c.csv');
  });
});
