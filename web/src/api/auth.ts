import { request } from './client';
import type { ChangePasswordRequest, LoginRequest, OkResponse, SessionResponse } from './types';

export const authApi = {
  login: (body: LoginRequest) =>
    request<SessionResponse>('/auth/login', { method: 'POST', body, skipAuthRedirect: true }),
  logout: () => request<OkResponse>('/auth/logout', { method: 'POST', skipAuthRedirect: true }),
  session: () => request<SessionResponse>('/auth/session', { skipAuthRedirect: true }),
  changePassword: (body: ChangePasswordRequest) =>
    request<OkResponse>('/auth/password', { method: 'POST', body }),
};
