import { describe, expect, it } from 'vitest';
import { corsOptions, corsOriginsSchema, crossSiteRefusal } from './cross-origin';

const APP = 'https://console.example.com';

function request(method: string, headers: Record<string, string>) {
  return { method, headers: { host: 'api.example.com', ...headers } };
}

describe('CORS_ORIGINS', () => {
  it('is empty by default, and takes comma-separated exact origins', () => {
    expect(corsOriginsSchema.parse(undefined)).toEqual([]);
    expect(corsOriginsSchema.parse(`${APP}, http://localhost:5173`)).toEqual([
      APP,
      'http://localhost:5173',
    ]);
  });

  it('refuses anything that is not a bare origin', () => {
    for (const bad of [`${APP}/`, `${APP}/path`, '*', 'console.example.com', 'ftp://x.example']) {
      expect(corsOriginsSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('sends no CORS at all without origins', () => {
    expect(corsOptions([])).toBeNull();
    expect(corsOptions([APP])).toMatchObject({ origin: [APP], credentials: false });
  });
});

describe('crossSiteRefusal', () => {
  it('refuses a cross-site form post, with or without Sec-Fetch-Site', () => {
    const form = {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
    };
    expect(
      crossSiteRefusal(request('POST', { ...form, 'sec-fetch-site': 'cross-site' }), []),
    ).toMatch(/cross-site POST from https:\/\/evil.example/);
    expect(crossSiteRefusal(request('POST', form), [])).toMatch(/origin https:\/\/evil.example/);
  });

  it('refuses text/plain, multipart and body-less requests from another site', () => {
    const site = { 'sec-fetch-site': 'cross-site' };
    for (const type of ['text/plain;charset=UTF-8', 'multipart/form-data; boundary=x']) {
      expect(
        crossSiteRefusal(request('POST', { ...site, 'content-type': type }), []),
      ).not.toBeNull();
    }
    expect(crossSiteRefusal(request('DELETE', site), [])).not.toBeNull();
    expect(crossSiteRefusal(request('POST', { origin: 'null' }), [])).not.toBeNull();
  });

  it('lets CLI clients, same-origin pages and allowed origins through', () => {
    const octet = { 'content-type': 'application/octet-stream' };
    const multipart = { 'content-type': 'multipart/form-data; boundary=x' };
    expect(crossSiteRefusal(request('POST', octet), [])).toBeNull();
    expect(crossSiteRefusal(request('POST', multipart), [])).toBeNull();
    expect(
      crossSiteRefusal(request('POST', { ...multipart, origin: 'https://api.example.com' }), []),
    ).toBeNull();
    expect(
      crossSiteRefusal(
        request('POST', {
          ...multipart,
          'sec-fetch-site': 'same-origin',
          origin: 'https://proxy.example',
        }),
        [],
      ),
    ).toBeNull();
    expect(
      crossSiteRefusal(
        request('POST', { ...multipart, 'sec-fetch-site': 'cross-site', origin: APP }),
        [APP],
      ),
    ).toBeNull();
  });

  it('leaves reads and preflighted content types to CORS', () => {
    const site = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };
    expect(crossSiteRefusal(request('GET', site), [])).toBeNull();
    expect(
      crossSiteRefusal(request('POST', { ...site, 'content-type': 'application/json' }), []),
    ).toBeNull();
  });
});
