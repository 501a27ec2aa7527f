/**
 * The cause taxonomy a new database starts with (SPEC C5.6: hardware, network, software, power, operation,
 * third-party payment…), in the order the resolve form offers it. Names are data an administrator may edit; the codes
 * are what incidents store and reports group by.
 */
export const DEFAULT_CAUSE_CATEGORIES: readonly { code: string; nameZh: string; nameEn: string }[] = Object.freeze([
  { code: 'hardware', nameZh: '硬件故障', nameEn: 'Hardware failure' },
  { code: 'network', nameZh: '网络故障', nameEn: 'Network failure' },
  { code: 'software', nameZh: '软件故障', nameEn: 'Software failure' },
  { code: 'power', nameZh: '电力故障', nameEn: 'Power failure' },
  { code: 'operation', nameZh: '操作不当', nameEn: 'Operator error' },
  // the campus card's bank and payment channels: the seeds' most common outside cause
  { code: 'third_party_payment', nameZh: '第三方支付', nameEn: 'Third-party payment' },
  { code: 'environment', nameZh: '环境因素（机房温湿度、雷击）', nameEn: 'Environment (machine-room temperature and humidity, lightning)' },
  { code: 'security', nameZh: '安全事件', nameEn: 'Security incident' },
  { code: 'other', nameZh: '其他', nameEn: 'Other' },
]);
