import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A tenant: a bank, a hospital group, an education company. Registry items belong to one. */
@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  name!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  /** The organisation that runs the installation: its admins see and manage every tenant. */
  @Column({ type: 'boolean', default: false })
  platform!: boolean;

  /**
   * Whether the model server keeps the prompt and output of each request in `inference_audit`;
   * off by default: usage is recorded, content is not.
   */
  @Column({ name: 'inference_content_logging', type: 'boolean', default: false })
  inferenceContentLogging!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
