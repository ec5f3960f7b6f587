import { Injectable } from '@nestjs/common';
import { currentOrganizationId } from '../auth/auth-context';

/** Resolves the organisation (tenant) a request acts for: the one its credential belongs to. */
@Injectable()
export class OrganizationsService {
  currentId(): Promise<string> {
    return Promise.resolve(currentOrganizationId());
  }
}
