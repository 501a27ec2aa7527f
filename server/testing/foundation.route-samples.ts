import { USER_PASSWORD } from './app.ts';
import { uid, type SampleFactory } from './sample.ts';

/** Samples for the foundation's routes: auth, users, roles, sites, tokens, audit. */
export const foundationRouteSamples: SampleFactory = (t, admin) => {
  const newUser = async () => (await t.call(await admin(), { method: 'POST', url: '/api/v1/users', payload: { username: `s${uid()}`, displayName: 'x', password: USER_PASSWORD, roleIds: ['engineer'], siteIds: null } })).json() as { id: string; username: string };
  const newSite = async () => (await t.call(await admin(), { method: 'POST', url: '/api/v1/sites', payload: { code: `site-${uid()}`, name: '一食堂' } })).json() as { id: string };
  const newRole = async () => (await t.call(await admin(), { method: 'POST', url: '/api/v1/roles', payload: { id: `r-${uid()}`, name: 'x', permissions: ['sites:read'] } })).json() as { id: string };
  return {
    'POST /api/v1/auth/login': async () => ({ caller: null, method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Correct-Horse-Battery-9' } }),
    'POST /api/v1/auth/logout': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/auth/logout' }),
    'POST /api/v1/auth/password': async () => {
      const user = await newUser();
      return { caller: await t.login(user.username, USER_PASSWORD), method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: USER_PASSWORD, newPassword: 'Quiet-River-Stone-31' } };
    },
    'POST /api/v1/users': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/users', payload: { username: `n${uid()}`, displayName: '张三', phone: '13812341234', password: USER_PASSWORD, roleIds: ['engineer'], siteIds: null } }),
    'PATCH /api/v1/users/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/users/${(await newUser()).id}`, payload: { displayName: '李四' } }),
    'POST /api/v1/users/:id/password': async () => ({ caller: await admin(), method: 'POST', url: `/api/v1/users/${(await newUser()).id}/password`, payload: { newPassword: 'Quiet-River-Stone-32' } }),
    'POST /api/v1/users/export': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/users/export', payload: { reason: 'annual access review' } }),
    'POST /api/v1/roles': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/roles', payload: { id: `r-${uid()}`, name: '夜班', permissions: ['alerts:read'] } }),
    'PATCH /api/v1/roles/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/roles/${(await newRole()).id}`, payload: { permissions: ['alerts:read', 'alerts:ack'] } }),
    'DELETE /api/v1/roles/:id': async () => ({ caller: await admin(), method: 'DELETE', url: `/api/v1/roles/${(await newRole()).id}` }),
    'POST /api/v1/sites': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/sites', payload: { code: `c-${uid()}`, name: '二食堂' } }),
    'PATCH /api/v1/sites/:id': async () => ({ caller: await admin(), method: 'PATCH', url: `/api/v1/sites/${(await newSite()).id}`, payload: { name: '三食堂' } }),
    'POST /api/v1/tokens': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/tokens', payload: { name: 'ci', permissions: ['sites:read'] } }),
    'DELETE /api/v1/tokens/:id': async () => {
      const caller = await admin();
      const created = (await t.call(caller, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', permissions: ['sites:read'] } })).json() as { token: { id: string } };
      return { caller, method: 'DELETE', url: `/api/v1/tokens/${created.token.id}` };
    },
    'POST /api/v1/audit/verify': async () => ({ caller: await admin(), method: 'POST', url: '/api/v1/audit/verify' }),
  };
};
