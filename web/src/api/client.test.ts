import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorOf } from './client';

describe('apiErrorOf', () => {
  it('reads the server’s error body into the ApiError every call throws', () => {
    const e = apiErrorOf(409, 'Conflict', JSON.stringify({ error: { code: 'DUPLICATE_IMPORT', message: 'seen', details: { importId: 'I0' } } }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'DUPLICATE_IMPORT', message: 'seen', details: { importId: 'I0' } });
  });

  it('names the status when the body is not the server’s (a proxy’s page), and the network when nothing answered', () => {
    expect(apiErrorOf(502, 'Bad Gateway', '<html>')).toMatchObject({ status: 502, code: 'HTTP_502', message: 'Bad Gateway' });
    expect(apiErrorOf(500, '', JSON.stringify({ error: 'flat' }))).toMatchObject({ code: 'HTTP_500', message: 'HTTP 500' });
    expect(apiErrorOf(0, '', '')).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });
});
