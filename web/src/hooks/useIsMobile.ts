import { Grid } from 'antd';

/** True under antd's `md` breakpoint (768px): the side menu becomes a drawer. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
