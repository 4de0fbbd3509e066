// Redis connections for BullMQ and for leases. BullMQ workers need maxRetriesPerRequest: null.
import { Redis } from 'ioredis';

export function redisConnection(url: string, forWorker = true): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: forWorker ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}
