// The seeded people. Nicknames, names and ids are fixed: other packages' tests rely on them.
import type { SeedUser } from './model';

export const SEED_USER_RECORDS: readonly SeedUser[] = [
  {
    nickname: 'alice',
    displayName: 'Alice Marchetti',
    uuid: '{4f3a9c2e-8b1d-4e6f-a2c7-1d9e5b3f7a01}',
    accountId: '712020:4f3a9c2e-8b1d-4e6f-a2c7-1d9e5b3f7a01',
    createdOn: '2016-04-11T08:15:42.118204+00:00',
    emails: [
      { email: 'alice.marchetti@acme.example', isPrimary: true, isConfirmed: true },
      { email: 'alice@marchetti.example', isPrimary: false, isConfirmed: true },
    ],
  },
  {
    nickname: 'bob',
    displayName: 'Bob Okafor',
    uuid: '{b0b5e1a7-3c2d-4f8e-9a6b-5e4d3c2b1a02}',
    accountId: '712020:b0b5e1a7-3c2d-4f8e-9a6b-5e4d3c2b1a02',
    createdOn: '2018-09-03T14:02:19.534871+00:00',
    emails: [
      { email: 'bob.okafor@acme.example', isPrimary: true, isConfirmed: true },
      { email: 'bob.okafor@mail.example', isPrimary: false, isConfirmed: false },
    ],
  },
  {
    nickname: 'carol',
    displayName: 'Carol Nguyen',
    uuid: '{c4a01e9b-7d6f-4a2b-8c3e-9f1a2b3c4d03}',
    accountId: '712020:c4a01e9b-7d6f-4a2b-8c3e-9f1a2b3c4d03',
    createdOn: '2019-02-27T10:44:05.902113+00:00',
    emails: [{ email: 'carol@northwind.example', isPrimary: true, isConfirmed: true }],
  },
  {
    nickname: 'dave',
    displayName: 'Dave Lindqvist',
    uuid: '{d4e5f6a7-b8c9-4dae-bf01-23456789ab04}',
    accountId: '712020:d4e5f6a7-b8c9-4dae-bf01-23456789ab04',
    createdOn: '2021-11-08T17:30:51.270466+00:00',
    emails: [{ email: 'dave.lindqvist@mail.example', isPrimary: true, isConfirmed: true }],
  },
];

/** The public summary of the seeded users, exported for other packages' tests. */
export const SEED_USERS: ReadonlyArray<{
  nickname: string;
  displayName: string;
  uuid: string;
  accountId: string;
}> = SEED_USER_RECORDS.map(({ nickname, displayName, uuid, accountId }) => ({
  nickname,
  displayName,
  uuid,
  accountId,
}));
